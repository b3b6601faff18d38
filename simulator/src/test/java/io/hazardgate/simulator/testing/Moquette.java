package io.hazardgate.simulator.testing;

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
 * Moquette, an MQTT broker that Maven brings, run as a JVM of its own (so it can be frozen and killed
 * like any server) from this test's class path. It binds an ephemeral port and reports it.
 */
public final class Moquette implements Broker {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final String READY = "moquette listening on ";

    private final Process process;
    private final int port;
    private final List<String> log;

    private Moquette(Process process, int port, List<String> log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Moquette start(Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MoquetteMain.class.getName()).directory(dir.toFile()).redirectErrorStream(true).start();
        List<String> log = new CopyOnWriteArrayList<>();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The broker was stopped.
            }
            lines.add("<exited>");
        }, "moquette-log");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals("<exited>")) {
                Broker.stop(p);
                throw new IllegalStateException("moquette did not start within " + START_TIMEOUT_SECONDS + " s: " + log);
            }
            if (line.startsWith(READY)) return new Moquette(p, Integer.parseInt(line.substring(READY.length()).trim()), log);
        }
    }

    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void freezeWhile(Thread work, long millis) throws IOException, InterruptedException {
        Broker.freeze(process, work, millis);
    }

    public List<String> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        Broker.stop(process);
    }
}
