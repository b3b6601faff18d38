package io.hazardgate.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The child process {@link UpstreamMoquette} starts: a Moquette broker on loopback (the port given, 0
 * for any), which prints {@code moquette listening on PORT}, then one line per PUBLISH it receives,
 * {@code PUBLISH <client> <topic> <base64 payload>}, and runs until killed.
 */
public final class UpstreamMoquetteMain {
    private UpstreamMoquetteMain() {}

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", args.length > 0 ? args[0] : "0");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("intercept.thread_pool.size", "1"); // one thread: PUBLISH lines in arrival order
        p.setProperty("netty.mqtt.message_size", Integer.toString(4 << 20));
        Server server = new Server();
        server.startServer(new MemoryConfig(p), List.of(new AbstractInterceptHandler() {
            @Override
            public String getID() { return "test-recorder"; }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                ByteBuf b = msg.getPayload();
                byte[] bytes = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), bytes);
                synchronized (System.out) {
                    System.out.println("PUBLISH " + msg.getClientID() + " " + msg.getTopicName() + " "
                            + Base64.getEncoder().encodeToString(bytes));
                    System.out.flush();
                }
            }

            @Override
            public void onSessionLoopError(Throwable error) {}
        }));
        // Stopped with SIGTERM, the broker first finishes recording what it took (the recorder runs on
        // the interceptor's own thread, after the PUBACK may have gone), so what it acknowledged is listed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stopServer();
            System.out.flush();
        }, "moquette-stop"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.getPort() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        if (server.getPort() == 0) throw new IllegalStateException("moquette did not report its port");
        System.out.println("moquette listening on " + server.getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
