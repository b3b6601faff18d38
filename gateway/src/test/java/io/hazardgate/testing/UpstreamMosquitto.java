package io.hazardgate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
 * and released first. A persistent broker keeps its sessions and queued messages on disk (saved when it
 * is stopped with SIGTERM) and can be stopped and started again on its port: a platform's broker going
 * away and coming back.
 */
public final class UpstreamMosquitto implements AutoCloseable {
    private static final int ATTEMPTS = 20;
    private static final int PORT_FROM = 20_000;
    private static final int PORT_TO = 32_000;
    private static final long START_TIMEOUT_SECONDS = 20;

    private final Path conf;
    private final int port;
    /** Everything the broker logged, over all its runs. */
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Process process;

    private UpstreamMosquitto(Path conf, int port) {
        this.conf = conf;
        this.port = port;
    }

    /** A TLS listener with the test CA's server certificate, requiring a client certificate from that CA. */
    public static UpstreamMosquitto startTls(Path dir, TestCertificates certs) throws IOException, InterruptedException {
        return startTls(dir, certs, false);
    }

    /** As {@link #startTls(Path, TestCertificates)}; {@code persistent}: sessions and queues kept in {@code dir} across restarts. */
    public static UpstreamMosquitto startTls(Path dir, TestCertificates certs, boolean persistent)
            throws IOException, InterruptedException {
        return startTls(dir, certs, persistent, Map.of());
    }

    /**
     * As {@link #startTls(Path, TestCertificates, boolean)}; with {@code logins} (user name to password) the
     * broker takes only those, refusing any other CONNECT with "not authorised".
     */
    public static UpstreamMosquitto startTls(Path dir, TestCertificates certs, boolean persistent, Map<String, String> logins)
            throws IOException, InterruptedException {
        String access = "allow_anonymous true\n";
        if (!logins.isEmpty()) {
            Path passwords = dir.resolve("mosquitto.passwd");
            StringBuilder lines = new StringBuilder();
            logins.forEach((user, password) -> lines.append(user).append(':').append(hash(password)).append('\n'));
            Files.writeString(passwords, lines);
            access = "allow_anonymous false\npassword_file " + passwords.toAbsolutePath() + "\n";
        }
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
                    + access + "max_queued_messages 0\n"
                    + (persistent ? "persistence true\npersistence_location " + dir.toAbsolutePath() + "/\n" : "persistence false\n")
                    + "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
            UpstreamMosquitto m = new UpstreamMosquitto(conf, port);
            String outcome = m.launch();
            if (outcome == null) return m;
            last = outcome;
        }
        throw new IllegalStateException("mosquitto could not bind a port in " + ATTEMPTS + " attempts; last log:\n" + last);
    }

    /**
     * A password as Mosquitto's password file keeps it: {@code $6$<salt>$<hash>}, both Base64, the hash
     * SHA-512 over the password followed by the 12 salt bytes (what {@code mosquitto_passwd} writes).
     */
    private static String hash(String password) {
        byte[] salt = new byte[12];
        ThreadLocalRandom.current().nextBytes(salt);
        try {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            sha512.update(password.getBytes(StandardCharsets.UTF_8));
            sha512.update(salt);
            Base64.Encoder b64 = Base64.getEncoder();
            return "$6$" + b64.encodeToString(salt) + "$" + b64.encodeToString(sha512.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the broker on its configuration; null once it runs, its log when the port was taken. */
    private String launch() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ExternalProgram.MOSQUITTO.binary().toString(), "-c", conf.toString())
                .redirectErrorStream(true).start();
        List<String> run = new CopyOnWriteArrayList<>();
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
        }, "upstream-mosquitto-" + port);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                p.destroyForcibly();
                throw new IllegalStateException("mosquitto did not start within " + START_TIMEOUT_SECONDS + " s: " + run);
            }
            if (line.endsWith(" running")) {
                process = p;
                return null;
            }
            if (line.contains("Address already in use") || line.equals("<exited>")) {
                p.destroy();
                p.waitFor(5, TimeUnit.SECONDS);
                return String.join("\n", run);
            }
        }
    }

    public String url() { return "ssl://127.0.0.1:" + port; }

    /** What the broker logged so far (connections with their flags, e.g. {@code (p2, c0, k30)}). */
    public List<String> log() { return List.copyOf(log); }

    /** Stops the broker (SIGTERM: a persistent one saves its sessions and queues); its port refuses connections. */
    public void stop() {
        Process p = process;
        process = null;
        if (p == null) return;
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the stopped broker again on the same port. */
    public void restart() throws IOException, InterruptedException {
        String failed = launch();
        if (failed != null) throw new IllegalStateException("mosquitto could not bind its port " + port + " again:\n" + failed);
    }

    @Override
    public void close() { stop(); }
}
