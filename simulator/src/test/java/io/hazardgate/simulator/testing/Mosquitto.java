package io.hazardgate.simulator.testing;

import io.hazardgate.testing.ExternalProgram;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto, the reference broker, on loopback, started for a test and stopped by its own
 * process handle. Tests using it are marked {@code @Needs(ExternalProgram.MOSQUITTO)}.
 *
 * <p>Mosquitto 2.0 cannot be asked for an ephemeral port: {@code listener 0 127.0.0.1} means a Unix
 * socket at path "127.0.0.1" to it. So the broker binds a port drawn at random below the kernel's
 * ephemeral range, and the bind itself decides: Mosquitto logs "running" once it listens, or exits
 * with "Address already in use", and then another port is drawn. No port is probed and released
 * first, so there is no window in which another process could take it.
 */
public final class Mosquitto implements Broker {
    private static final Path BINARY = ExternalProgram.MOSQUITTO.binary();
    private static final int ATTEMPTS = 20;
    /** Below Linux's default ephemeral range (32768..60999), where outgoing connections take their ports. */
    private static final int PORT_FROM = 20_000;
    private static final int PORT_TO = 32_000;
    private static final long START_TIMEOUT_SECONDS = 20;

    private final Process process;
    private final int port;
    private final List<String> log;

    private Mosquitto(Process process, int port, List<String> log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** @param extraConfig further mosquitto.conf lines */
    public static Mosquitto start(Path dir, String... extraConfig) throws IOException, InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(PORT_FROM, PORT_TO);
            Path conf = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                    + "allow_anonymous true\n"
                    + "persistence false\n"
                    // unbounded per-subscriber queues (the default, 1000, drops QoS 1 messages silently)
                    + "max_queued_messages 0\n"
                    // stderr is unbuffered, so "running" is seen the moment the listener is up.
                    + "log_dest stderr\n"
                    + "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
                    + String.join("\n", extraConfig) + "\n");
            Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
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
            }, "mosquitto-log-" + port);
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    p.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start within " + START_TIMEOUT_SECONDS + " s: " + log);
                }
                if (line.endsWith(" running")) return new Mosquitto(p, port, log);
                if (line.contains("Address already in use") || line.equals("<exited>")) {
                    last = String.join("\n", log);
                    p.destroy();
                    p.waitFor(5, TimeUnit.SECONDS);
                    break;
                }
            }
        }
        throw new IllegalStateException("mosquitto could not bind a port in " + ATTEMPTS + " attempts; last log:\n" + last);
    }

    public int port() {
        return port;
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
