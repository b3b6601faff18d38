package io.hazardgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Debian's Mosquitto as a platform's upstream broker over TLS with client certificates, on loopback,
 * stopped by its own process handle. Suites using it are marked {@code @Needs(ExternalProgram.MOSQUITTO)}.
 * Its port is drawn as {@link MosquittoProcess} says. A persistent broker keeps its sessions and queued messages on disk (saved when it
 * is stopped with SIGTERM) and can be stopped and started again on its port: a platform's broker going
 * away and coming back.
 */
public final class UpstreamMosquitto implements AutoCloseable {
    private final Path conf;
    private final int port;
    /** Everything the broker logged, over all its runs. */
    private final List<String> log;
    private Process process;

    private UpstreamMosquitto(Path conf, int port, List<String> log) {
        this.conf = conf;
        this.port = port;
        this.log = log;
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
        String settings = access;
        List<String> log = new CopyOnWriteArrayList<>();
        MosquittoProcess.Running running = MosquittoProcess.start(port -> {
            Path conf = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
                    + "cafile " + certs.caCert + "\ncertfile " + certs.serverCert + "\nkeyfile " + certs.serverKey + "\n"
                    + "require_certificate true\n"
                    // stay the test's own user: a broker started by root would drop to user mosquitto, which
                    // cannot read the certificates in the test's private directory
                    + "user " + System.getProperty("user.name") + "\n"
                    + settings + "max_queued_messages 0\n"
                    + (persistent ? "persistence true\npersistence_location " + dir.toAbsolutePath() + "/\n" : "persistence false\n")
                    + MosquittoProcess.LOGGING);
            return conf;
        }, log);
        UpstreamMosquitto m = new UpstreamMosquitto(running.conf(), running.port(), log);
        m.process = running.process();
        return m;
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

    public String url() { return "ssl://127.0.0.1:" + port; }

    /** What the broker logged so far (connections with their flags, e.g. {@code (p2, c0, k30)}). */
    public List<String> log() { return List.copyOf(log); }

    /** Stops the broker (SIGTERM: a persistent one saves its sessions and queues); its port refuses connections. */
    public void stop() {
        Process p = process;
        process = null;
        if (p != null) MosquittoProcess.stop(p);
    }

    /** Starts the stopped broker again on the same port. */
    public void restart() throws IOException, InterruptedException {
        List<String> run = new CopyOnWriteArrayList<>();
        process = MosquittoProcess.launch(conf, port, run, log);
        if (process == null) throw new IllegalStateException("mosquitto could not bind its port " + port + " again:\n" + String.join("\n", run));
    }

    @Override
    public void close() { stop(); }
}
