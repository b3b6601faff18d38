package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.SharedGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A load run for a site the gateway does not have: the gateway acknowledges every message (a 3.1.1
 * PUBACK has no reason code) and refuses it, saying why on the device's error topic. The run says so at
 * once and at the end, and fails, instead of reporting throughput of nothing stored.
 */
@ExtendWith(SharedGateway.class)
class LoadRefusedByGatewayTest {
    @Test
    void aRunForASiteTheGatewayDoesNotHaveSaysLoudlyThatItWasRefused(InProcessGateway gateway) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LoadCommand.run(new String[] {"--broker", gateway.url(), "--site", "nowhere", "--devices", "2", "--messages", "40",
                "--rate", "200"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, stdout + stderr);
        // each refusal is told at QoS 0: count what came, which is all of them unless the machine dropped some
        assertTrue(stdout.matches("(?s).*REFUSED     the gateway refused \\d+ messages of this run: unknown site 'nowhere' \\(plant/nowhere/d0000.*"), stdout);
        assertTrue(stderr.contains("load: THE GATEWAY REFUSED a message of this run: unknown site 'nowhere'"), "at once: " + stderr);
        assertTrue(stderr.matches("(?s).*load: the gateway refused \\d+ messages of this run: unknown site 'nowhere'.*"), "and at the end: " + stderr);
        assertTrue(stderr.contains("gen-load-config"), "and what to do about it: " + stderr);

        // a run the gateway takes says nothing of the kind
        ByteArrayOutputStream ok = new ByteArrayOutputStream();
        assertEquals(0, LoadCommand.run(new String[] {"--broker", gateway.url(), "--devices", "2", "--messages", "20", "--rate", "200", "--quiet"},
                new PrintStream(ok, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertTrue(!ok.toString(StandardCharsets.UTF_8).contains("REFUSED"), ok.toString(StandardCharsets.UTF_8));
    }
}
