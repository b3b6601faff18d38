package io.hazardgate.testing;

import io.hazardgate.alarm.AlarmWarmup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as a real child process, started as {@code hazardgate run} would start it, with this
 * test run's class path. Ports are read back from what it prints; it is stopped by its own PID.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("^\\s+(mqtt|http|store)\\s+\\S+?:(\\d+)\\b.*");

    private final Process process;
    private final Path data;
    private final List<String> output = new ArrayList<>();
    private Thread reader;
    private int mqttPort = -1;
    private int httpPort = -1;
    private int storePort = -1;

    private GatewayProcess(Process process, Path data) {
        this.process = process;
        this.data = data;
    }

    /** Starts {@code Main run --config CONFIG --data-dir DATA} with every port 0 and waits until it prints its ports. */
    public static GatewayProcess start(Path config, Path data, String... extraArgs) throws IOException, InterruptedException {
        return start(List.of("-Xmx512m"), config, data, extraArgs);
    }

    /** As {@link #start(Path, Path, String...)}, with these JVM options. */
    public static GatewayProcess start(List<String> jvmOptions, Path config, Path data, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        // as the tests' own gateways: with the alarm-path warm-up the build turns off (or not)
        String warmup = System.getProperty(AlarmWarmup.PROPERTY);
        if (warmup != null) cmd.add("-D" + AlarmWarmup.PROPERTY + "=" + warmup);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hazardgate.Main", "run",
                "--config", config.toString(), "--data-dir", data.toString(),
                "--mqtt-port", "0", "--http-port", "0", "--store-port", "0"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        GatewayProcess g = new GatewayProcess(p, data);
        g.awaitStarted();
        return g;
    }

    private void awaitStarted() throws InterruptedException {
        CompletableFuture<Boolean> started = new CompletableFuture<>();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher m = PORT.matcher(line);
                    if (m.matches()) {
                        int port = Integer.parseInt(m.group(2));
                        switch (m.group(1)) {
                            case "mqtt" -> mqttPort = port;
                            case "http" -> httpPort = port;
                            default -> storePort = port;
                        }
                    }
                    if (line.startsWith("  data ")) started.complete(true);
                }
            } catch (IOException e) {
                // the process ended
            }
            started.complete(false);
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = started.get(90, TimeUnit.SECONDS);
        } catch (Exception e) {
            ok = false;
        }
        if (!ok) {
            process.destroyForcibly();
            throw new AssertionError("gateway did not start:\n" + output());
        }
    }

    public int mqttPort() { return mqttPort; }

    public int httpPort() { return httpPort; }

    public int storePort() { return storePort; }

    /** {@code user:password} the gateway generated for its embedded store, from its data directory. */
    public String storeCredentials() throws java.io.IOException {
        return java.nio.file.Files.readString(data.resolve("store-credentials")).strip();
    }

    public long pid() { return process.pid(); }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** {@code kill -9}: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
    }

    /** A normal stop (SIGTERM): the shutdown hook drains and closes; {@link #output()} then holds all it printed. */
    @Override
    public void close() throws InterruptedException {
        // Through the handle: Process.destroy() also closes our end of its output pipe, so what the
        // shutdown hook logs would be lost (and its writes fail).
        process.toHandle().destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000);
    }
}
