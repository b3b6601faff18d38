package io.hazardgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Debian's VictoriaMetrics run as a separate process on loopback with its own data directory, stopped
 * by its own PID. Started on port 0, it logs the address it was given rather than the port it got, so
 * the port is read back from the kernel: the listening socket in {@code /proc/<pid>/net/tcp} whose
 * inode is one of the process's open file descriptors.
 */
public final class VictoriaMetricsProcess implements AutoCloseable {
    private static final Path BINARY = ExternalProgram.VICTORIA_METRICS.binary();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;
    private int port;

    private VictoriaMetricsProcess(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Starts on any free loopback port. */
    public static VictoriaMetricsProcess start(Path dataDir) throws Exception {
        VictoriaMetricsProcess vm = new VictoriaMetricsProcess(dataDir);
        vm.launch(0);
        return vm;
    }

    /** Starts again on the same data directory and port, as a restarted server would be. */
    public void restart() throws Exception {
        launch(port);
    }

    private void launch(int wantedPort) throws Exception {
        Files.createDirectories(dataDir);
        process = new ProcessBuilder(BINARY.toString(),
                "-httpListenAddr=127.0.0.1:" + wantedPort,
                "-storageDataPath=" + dataDir,
                // One sample per series and millisecond, so replayed writes do not count twice.
                "-dedup.minScrapeInterval=1ms",
                "-retentionPeriod=1y",
                "-loggerLevel=WARN")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".out").toFile())
                .start();
        port = awaitListeningPort(process.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (get("/health").statusCode() == 200) return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) throw e;
            }
            if (!process.isAlive()) throw new IOException("victoria-metrics exited with " + process.exitValue());
            Thread.sleep(20);
        }
    }

    private static int awaitListeningPort(long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            int p = listeningPort(pid);
            if (p > 0) return p;
            Thread.sleep(20);
        }
        throw new IOException("victoria-metrics (pid " + pid + ") did not open a listening socket");
    }

    private static int listeningPort(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException ignored) {
                    // the descriptor was closed meanwhile
                }
            }
        }
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) continue;
            try (BufferedReader r = new BufferedReader(new StringReader(Files.readString(file)))) {
                r.readLine();
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the tenth column
                    if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                        return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                    }
                }
            }
        }
        return -1;
    }

    public String url() { return "http://127.0.0.1:" + port; }

    public int port() { return port; }

    /** Stops the server by its PID and waits for it to exit (SIGTERM: it flushes what it acknowledged). */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    /** Samples stored for {@code metric}, counted from an export after making recent writes searchable. */
    public long countSamples(String metric) throws Exception {
        post("/internal/force_flush");
        String match = URLEncoder.encode("{__name__=\"" + metric + "\"}", StandardCharsets.UTF_8);
        HttpResponse<String> r = get("/api/v1/export?match[]=" + match);
        if (r.statusCode() != 200) throw new IOException("export answered " + r.statusCode() + ": " + r.body());
        long n = 0;
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) continue;
            JsonNode series = JSON.readTree(line);
            n += series.path("values").size();
        }
        return n;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void post(String path) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(url() + path)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() throws InterruptedException { stop(); }
}
