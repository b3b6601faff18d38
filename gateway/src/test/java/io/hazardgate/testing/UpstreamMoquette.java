package io.hazardgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moquette as a platform's upstream MQTT broker, a JVM of its own (so it can be killed like any server
 * and started again on the same port), recording every PUBLISH it receives, in arrival order, whether
 * anyone subscribed or not: what the broker took is what the platform got.
 */
public final class UpstreamMoquette implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final String READY = "moquette listening on ";

    /** One PUBLISH the broker received. */
    public record Published(String client, String topic, String payload) {}

    private final Path dir;
    private final List<Published> received = new CopyOnWriteArrayList<>();
    private Process process;
    private int port;

    private UpstreamMoquette(Path dir) {
        this.dir = dir;
    }

    /** Starts on an ephemeral port. */
    public static UpstreamMoquette start(Path dir) throws IOException, InterruptedException {
        UpstreamMoquette m = new UpstreamMoquette(dir);
        m.launch(0);
        return m;
    }

    private void launch(int onPort) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                UpstreamMoquetteMain.class.getName(), Integer.toString(onPort)).directory(dir.toFile())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("PUBLISH ")) {
                        String[] f = line.split(" ", 4);
                        received.add(new Published(f[1], f[2], f.length > 3 ? UpstreamMoquetteMain.decode(f[3]) : ""));
                    } else {
                        log.add(line);
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the broker was stopped
            }
            lines.add("<exited>");
        }, "upstream-moquette-out");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("<exited>")) {
                p.destroyForcibly();
                throw new IllegalStateException("moquette did not start within " + START_TIMEOUT_SECONDS + " s: " + log);
            }
            if (line.startsWith(READY)) {
                port = Integer.parseInt(line.substring(READY.length()).trim());
                process = p;
                return;
            }
        }
    }

    public String url() { return "tcp://127.0.0.1:" + port; }

    /** Every PUBLISH received so far, in order, across restarts. */
    public List<Published> received() { return List.copyOf(received); }

    /** Stops the broker by its own process handle (an outage: connections drop, the port refuses). */
    public void stop() {
        Process p = process;
        process = null;
        if (p == null) return;
        p.destroy();
        try {
            // its shutdown hook lists what it acknowledged; a loaded machine may take a while to run it
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again on the same port. */
    public void restart() throws IOException, InterruptedException {
        launch(port);
    }

    @Override
    public void close() { stop(); }
}
