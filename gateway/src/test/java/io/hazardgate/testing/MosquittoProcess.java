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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto started on a configuration file, for the tests' brokers. Mosquitto 2.0 cannot be asked
 * for an ephemeral port ({@code listener 0 127.0.0.1} means a Unix socket at path "127.0.0.1"), so a port is
 * drawn at random below the kernel's ephemeral range and the bind itself decides: Mosquitto logs "running"
 * once it listens, or exits with "Address already in use" and another port is drawn. No port is probed and
 * released first, so no other process can take it in between. Its configuration must log to stderr with at
 * least the {@code information} type, where "running" is said.
 */
public final class MosquittoProcess {
    private static final int ATTEMPTS = 20;
    /** Below Linux's default ephemeral range (32768..60999), where outgoing connections take their ports. */
    private static final int PORT_FROM = 20_000;
    private static final int PORT_TO = 32_000;
    private static final long START_TIMEOUT_SECONDS = 20;

    /** The lines every test broker's configuration ends with: what it says goes to stderr, unbuffered. */
    public static final String LOGGING = "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n";

    private MosquittoProcess() {}

    /** Writes the configuration of a broker listening on {@code port} and returns its path. */
    @FunctionalInterface
    public interface Configuration {
        Path write(int port) throws IOException;
    }

    /** A broker that runs: its process, port and configuration (to start it again on the same port). */
    public record Running(Process process, int port, Path conf) {}

    /** Draws ports until a broker configured by {@code conf} binds one; every line it logs goes to {@code log}. */
    public static Running start(Configuration conf, List<String> log) throws IOException, InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(PORT_FROM, PORT_TO);
            Path file = conf.write(port);
            List<String> run = new CopyOnWriteArrayList<>();
            Process p = launch(file, port, run, log);
            if (p != null) return new Running(p, port, file);
            last = String.join("\n", run);
        }
        throw new IllegalStateException("mosquitto could not bind a port in " + ATTEMPTS + " attempts; last log:\n" + last);
    }

    /**
     * Starts a broker on {@code conf}: its process once it runs, or null when its port was taken. What it logs
     * goes to {@code run} (this run) and {@code log} (all runs).
     */
    public static Process launch(Path conf, int port, List<String> run, List<String> log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ExternalProgram.MOSQUITTO.binary().toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    run.add(line);
                    log.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the broker was stopped
            }
            lines.add("<exited>");
        }, "mosquitto-" + port);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                p.destroyForcibly();
                throw new IllegalStateException("mosquitto did not start within " + START_TIMEOUT_SECONDS + " s: " + run);
            }
            if (line.endsWith(" running")) return p;
            if (line.contains("Address already in use") || line.equals("<exited>")) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
                return null;
            }
        }
    }

    /** Stops a broker (SIGTERM, so that a persistent one saves its sessions and queues), forcibly after 10 s. */
    public static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
