package io.hazardgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void unknownOptionIsNamed() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("load", "--devcies", "3"));
        assertTrue(err().contains("unknown option --devcies"), err());
    }

    @Test
    void forcingATagThePlantDoesNotHaveIsRefusedNamingTheTag() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("plant", "--site", Sites.DEMO_PLANT.toString(), "--dry-run", "--set", "GT-999=60"));
        assertTrue(err().contains("GT-999"), err());
    }

    @Test
    void malformedForcedValueIsRefused() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("plant", "--site", Sites.DEMO_PLANT.toString(), "--dry-run", "--set", "GT-101=high@1m"));
        assertTrue(err().contains("value must be a number, got 'high'"), err());
    }

    @Test
    void zeroSpeedIsRefused() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("plant", "--site", Sites.DEMO_PLANT.toString(), "--dry-run", "--speed", "0"));
        assertTrue(err().contains("--speed"), err());
    }

    @Test
    void moreClientsThanDevicesIsRefused() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("load", "--devices", "2", "--clients", "3"));
        assertTrue(err().contains("--clients must be between 1 and 2"), err());
    }

    @Test
    void readingsPerMessageMustDivideThePointsOfADevice() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("load", "--readings-per-message", "30", "--sensors-per-device", "100"));
        assertTrue(err().contains("multiple of --readings-per-message"), err());
    }

    @Test
    void invalidSiteFileFailsNamingFileAndField() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("site", ".yaml");
        try {
            java.nio.file.Files.writeString(bad, "site: x\nhazardSources: [{id: A}]\nsensors: [{tag: T, source: B}]\n");
            assertEquals(SimulatorMain.USAGE, run("plant", "--site", bad.toString(), "--dry-run"));
            assertTrue(err().contains(bad.toString()) && err().contains("sensors[0].source"), err());
        } finally {
            java.nio.file.Files.delete(bad);
        }
    }

    @Test
    void dryRunPrintsTopicAndPayloadOfEachMessage() throws Exception {
        assertEquals(SimulatorMain.OK, run("plant", "--site", Sites.DEMO_PLANT.toString(), "--dry-run", "--duration", "50ms"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, "one start-up message per logger");
        assertTrue(lines[0].startsWith("plant/demo/dtu-tf1/telemetry {\"ts\":"), lines[0]);
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        assertEquals(SimulatorMain.OK, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.contains("plant [") && help.contains("load [") && help.contains("gen-load-config") && help.contains("wakeup ["), help);
    }

    private int run(String... args) throws InterruptedException {
        return SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
