package io.hazardgate.testing;

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
 * Debian's Mosquitto as a platform's upstream broker over TLS with client certificates, on loopback,
 * stopped by its own process handle. Suites using it are marked {@code @Needs(ExternalProgram.MOSQUITTO)}.
 * Mosquitto cannot be asked for an ephemeral port, so it binds a port drawn below the kernel's ephemeral
 * range and the bind decides ("running", or "Address already in use" and another draw): no port is probed
 * and released first.
 */
public final class UpstreamMosquitto implements AutoCloseable {
    private static final int ATTEMPTS = 20;
    private static final int PORT_FROM = 20_000;
    private static final int PORT_TO = 32_000;
    private static final long START_TIMEOUT_SECONDS = 20;

    private final Process process;
    private final int port;

    private UpstreamMosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** A TLS listener with the test CA's server certificate, requiring a client certificate from that CA. */
    public static UpstreamMosquitto startTls(Path dir, TestCertificates certs) throws IOException, InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(PORT_FROM, PORT_TO);
            Path conf = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                    + "cafile " + certs.caCert + "\ncertfile " + certs.serverCert + "\nkeyfile " + certs.serverKey + "\n"
                    + "require_certificate true\n"
                    // stay the test's own user: a broker started by root would drop to user mosquitto, which
                    // cannot read the certificates in the test's private directory
                    + "user " + System.getProperty("user.name") + "\n"
                    + "allow_anonymous true\npersistence false\nmax_queued_messages 0\n"
                    + "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
            Process p = new ProcessBuilder(ExternalProgram.MOSQUITTO.binary().toString(), "-c", conf.toString())
                    .redirectErrorStream(true).start();
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
                    // the broker was stopped
                }
                lines.add("<exited>");
            }, "upstream-mosquitto-" + port);
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    p.destroyForcibly();
                    throw new IllegalStateException("mosquitto did not start within " + START_TIMEOUT_SECONDS + " s: " + log);
                }
                if (line.endsWith(" running")) return new UpstreamMosquitto(p, port);
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

    public String url() { return "ssl://127.0.0.1:" + port; }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
