package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Configs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port the gateway is told to use is held by another program: it stops with one line that names the
 * port, what it is for and the option that changes it, without a stack trace, and leaves nothing
 * running. The banner of a gateway that starts names its dashboard.
 */
class PortInUseTest {
    @TempDir Path data;

    private record Run(int exit, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--mqtt-port", "--http-port", "--store-port"})
    void aBusyPortStopsTheGatewayWithOneLineNamingThePortAndTheOption(String option) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> args = new java.util.ArrayList<>(List.of("run", "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                    "--data-dir", data.toString(), "--mqtt-port", "0", "--http-port", "0", "--store-port", "0"));
            args.set(args.indexOf(option) + 1, Integer.toString(port));
            Run r = run(args.toArray(new String[0]));
            assertEquals(1, r.exit(), r.err());
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "one line, no stack trace:\n" + r.err());
            String line = lines.get(0);
            assertTrue(line.startsWith("hazardgate: cannot start: port " + port + " ("), line);
            assertTrue(line.contains("on 127.0.0.1 is already in use"), line);
            assertTrue(line.contains("choose another port with " + option + " N"), line);
            assertFalse(line.contains("Exception"), line);
        }
        // nothing was left holding a port or a file: the same data directory starts a gateway at once
        try (Gateway g = Gateway.start(io.hazardgate.testing.TestGateway.config(data), java.time.Clock.systemUTC())) {
            assertTrue(g.describe().contains("Dashboard (一张屏): http://127.0.0.1:" + g.httpPort() + "/"), g.describe());
        }
    }

    /** As a user sees it: the whole output of the process, its log included, has no stack trace. */
    @Test
    void theProcessPrintsNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), "io.hazardgate.Main", "run", "--config", Configs.configDir().resolve("gateway.yaml").toString(),
                    "--data-dir", data.toString(), "--mqtt-port", "0", "--http-port", Integer.toString(taken.getLocalPort()), "--store-port", "0")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), output);
            assertTrue(output.contains("hazardgate: cannot start: port " + taken.getLocalPort() + " (HTTP: dashboard and API)"), output);
            assertFalse(output.lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), output);
        }
    }
}
