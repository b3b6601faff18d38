package io.hazardgate.simulator.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the plant command says when the broker's address answers but is no broker. */
class UnreachableBrokerTest {
    @Test
    void anUnreachableBrokerFailsWithItsAddress() throws Exception {
        // A TCP server that is not an MQTT broker: it accepts and hangs up at once.
        try (ServerSocket notABroker = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!notABroker.isClosed()) {
                    try (Socket s = notABroker.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String url = "tcp://127.0.0.1:" + notABroker.getLocalPort();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SimulatorMain.run(new String[] {"plant", "--site", Sites.DEMO_PLANT.toString(), "--broker", url, "--duration", "1s"},
                    new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8));
            String message = err.toString(StandardCharsets.UTF_8);
            assertEquals(SimulatorMain.FAILED, code, message);
            assertTrue(message.contains("cannot connect to " + url), message);
        }
    }
}
