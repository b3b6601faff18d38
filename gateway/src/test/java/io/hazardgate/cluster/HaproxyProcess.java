package io.hazardgate.cluster;

import io.hazardgate.testing.ExternalProgram;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy from Debian in front of ingest nodes, as devices reach a cluster: TCP mode, least
 * connections, health checks every 500 ms. Stopped by its own PID.
 */
final class HaproxyProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private HaproxyProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts HAProxy in front of {@code ingestPorts}. HAProxy refuses port 0, so it is given a port the
     * kernel has just handed out; should another process take it first, HAProxy fails to bind and is
     * started again on another.
     */
    static HaproxyProcess start(Path dir, List<Integer> ingestPorts) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            StringBuilder cfg = new StringBuilder(String.join("\n",
                    "global", "  maxconn 1000",
                    "defaults", "  mode tcp", "  retries 3", "  option redispatch", "  timeout connect 2s", "  timeout client 10m", "  timeout server 10m",
                    "frontend mqtt", "  bind 127.0.0.1:" + port, "  default_backend ingest",
                    "backend ingest", "  balance leastconn", ""));
            for (int i = 0; i < ingestPorts.size(); i++) {
                cfg.append("  server ingest-").append(i + 1).append(" 127.0.0.1:").append(ingestPorts.get(i))
                        .append(" check inter 500ms fall 2 rise 1\n");
            }
            Path file = dir.resolve("haproxy.cfg");
            Files.writeString(file, cfg);
            Path log = dir.resolve("haproxy-" + attempt + ".log");
            Process p = new ProcessBuilder(ExternalProgram.HAPROXY.binary().toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (awaitListening(p, port)) return new HaproxyProcess(p, port);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            last = new IOException("haproxy did not listen on " + port + ": " + Files.readString(log));
        }
        throw last;
    }

    private static boolean awaitListening(Process p, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        return false;
    }

    int port() { return port; }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
