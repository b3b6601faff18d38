package io.hazardgate.simulator.testing;

import io.moquette.broker.Server;
import java.util.Properties;

/**
 * The child process {@link Moquette} starts: an embedded Moquette broker on an ephemeral loopback port,
 * which it prints as {@code moquette listening on PORT}, then runs until killed.
 */
public final class MoquetteMain {
    private MoquetteMain() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "0");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        // Deep per-session queues: a subscriber slowed by the machine must not lose messages.
        p.setProperty("session_queue_size", "1000000");
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        Server server = new Server();
        server.startServer(p);
        // The bound port is recorded by a listener on Netty's event loop, a moment after start returns.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.getPort() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        if (server.getPort() == 0) throw new IllegalStateException("moquette did not report its port");
        System.out.println("moquette listening on " + server.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
