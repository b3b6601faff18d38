package io.hazardgate.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.InProcessGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hazardgate demo}: the demo's own gateway in this process, on the plant's clock, so that what is
 * judged over windows of reading timestamps shows at the demo's speed: the dam's tangent-angle warnings.
 */
class DemoOwnGatewayTest {
    @TempDir Path dir;

    private record Run(int code, String out, String err) {}

    private Run demo(String... extra) throws Exception {
        Path config = InProcessGateway.writeConfig(dir);
        Files.createDirectories(dir.resolve("scenarios"));
        Files.copy(Path.of("..", "config", "scenarios", "dam-displacement.yaml"), dir.resolve("scenarios").resolve("dam-displacement.yaml"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("demo", "--with-gateway", "--config", config.toString()));
        args.addAll(List.of(extra));
        int code = SimulatorMain.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Two days of the dam at 28,800×: a gateway on the wall clock could not judge the 24-hour trends of
     * plant timestamps days ahead of it; the demo's own gateway follows the plant, so the tangent angle
     * goes yellow, orange and red, the scenario is judged in full, and its files are in dataDir/demo.
     */
    @Test
    void theDamsTangentAngleWarningsShowOnTheDemosOwnGateway() throws Exception {
        Run r = demo("--mqtt-port", "0", "--http-port", "0", "--store-port", "0", "--scenarios", "dam-displacement", "--cycles", "1",
                "--speed", "28800", "--pause", "300ms");
        String text = r.out();
        assertEquals(SimulatorMain.OK, r.code(), text + r.err());
        assertTrue(text.startsWith("HazardGate demo: starting the demo's own gateway on the plant's clock"), text);
        assertEquals(1, count(text, "alarm GNSS-01 trend tangent_angle raised yellow"), text);
        assertEquals(1, count(text, "alarm GNSS-01 trend tangent_angle escalated orange"), text);
        assertEquals(1, count(text, "alarm GNSS-01 trend tangent_angle escalated red"), text);
        assertEquals(1, count(text, "alarm GNSS-01 trend tangent_angle cleared"), text);
        assertEquals(1, count(text, "result: as expected (8 expectations met in time)"), "every kind judged, trends included:\n" + text);
        assertFalse(text.contains("not judged here"), text);
        assertTrue(text.contains("demo: 1 scenario played"), text);
        assertTrue(text.endsWith("stopping the demo's gateway" + System.lineSeparator()), "its gateway stopped after the demo: " + text);
        assertTrue(Files.isRegularFile(dir.resolve("data").resolve("demo").resolve(OwnGateway.MARKER)), "its files in a directory of its own");
    }

    /** A directory where the demo would keep its files, but which it did not make, is never emptied. */
    @Test
    void refusesToEmptyADirectoryItDidNotMake() throws Exception {
        Path mine = dir.resolve("data").resolve("demo").resolve("mine.txt");
        Files.createDirectories(mine.getParent());
        Files.writeString(mine, "not the demo's");
        Run r = demo("--mqtt-port", "0", "--http-port", "0", "--store-port", "0", "--cycles", "1");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("was not made by a demo"), r.err());
        assertTrue(Files.exists(mine), "left as it was");
    }

    /** A port that is taken: one line naming it and the demo's option that changes it. */
    @Test
    void aBusyPortStopsTheDemoWithOneLineNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run r = demo("--mqtt-port", "0", "--http-port", Integer.toString(port), "--store-port", "0", "--cycles", "1");
            assertEquals(1, r.code(), r.out() + r.err());
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "one line, no stack trace:\n" + r.err());
            assertTrue(lines.get(0).startsWith("hazardgate demo: cannot start: port " + port + " ("), lines.get(0));
            assertTrue(lines.get(0).contains("--http-port"), lines.get(0));
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
