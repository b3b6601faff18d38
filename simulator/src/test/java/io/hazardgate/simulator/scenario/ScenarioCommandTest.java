package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario command line without a broker: listing, dry runs, and refusing what cannot be verified. */
class ScenarioCommandTest {
    private static final String CONFIG = Sites.DEMO_PLANT.resolveSibling("gateway.yaml").toString();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void listNamesEveryShippedScenarioWithItsDescription() throws Exception {
        assertEquals(SimulatorMain.OK, run("--list", "--config", CONFIG));
        assertTrue(out().contains("gas-leak ") && out().contains("Combustible gas leak at the tank 101 dike"), out());
        assertEquals(8, out().lines().count(), "a heading and seven scenarios: " + out());
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("--scenario", "gas-leek", "--config", CONFIG, "--dry-run"));
        assertTrue(err().contains("no scenario 'gas-leek'") && err().contains("gas-leak, logger-offline"), err());
    }

    @Test
    void aDryRunPlaysTheWholeTimelineAtOnceWithoutABroker() throws Exception {
        long before = System.nanoTime();
        assertEquals(SimulatorMain.OK, run("--scenario", "logger-offline", "--config", CONFIG, "--dry-run"));
        assertTrue(System.nanoTime() - before < 30_000_000_000L, "three plant hours did not take three hours");
        assertTrue(out().contains("+30m outage: dtu-td1 offline for 2h, then uploads what it buffered"), out());
        assertTrue(out().contains("+2h30m dtu-td1 is back and uploads 12 buffered messages"), out());
        assertEquals(18, out().lines().filter(l -> l.startsWith("plant/demo/dtu-td1/telemetry {")).count(), out());
    }

    @Test
    void silenceIsNotVerifiedAtSpeedAgainstAGatewayOnTheWallClock(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("silence.yaml");
        Files.writeString(f, """
                site: demo
                devices: [dtu-td1]
                duration: 3h
                incidents: [{id: outage, at: 30m, for: 2h, device: dtu-td1, offline: {upload: false}}]
                expect: [{tag: WL-01, kind: no_data, limit: silent, after: outage, within: 40m}]
                expectNone: [{kind: threshold}]
                """);
        assertEquals(SimulatorMain.USAGE, run("--scenario", f.toString(), "--config", CONFIG, "--verify", "--broker", "tcp://127.0.0.1:1"));
        assertTrue(err().contains("expects no_data alarms for silent points") && err().contains("--speed 1") && err().contains("--kinds threshold"),
                err());
    }

    /** A logger's will reports it offline at once, whatever the speed: logger-offline is verifiable as shipped (here, no broker to reach). */
    @Test
    void noDataFromALoggersWillIsVerifiedAtAnySpeed() throws Exception {
        assertEquals(SimulatorMain.FAILED, run("--scenario", "logger-offline", "--config", CONFIG, "--verify", "--broker", "tcp://127.0.0.1:1"));
        assertTrue(err().contains("tcp://127.0.0.1:1"), err());
    }

    @Test
    void operatorCredentialsMustBeUserColonPassword() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("--scenario", "gas-leak", "--config", CONFIG, "--dry-run", "--operator", "duty"));
        assertTrue(err().contains("--operator must be user:password"), err());
        assertEquals(SimulatorMain.USAGE, run("--scenario", "gas-leak", "--config", CONFIG, "--dry-run", "--http", "ftp://x"));
        assertTrue(err().contains("--http must be an http:// or https:// URL"), err());
    }

    @Test
    void aDryRunSaysWhatTheOperatorWouldAcknowledge() throws Exception {
        assertEquals(SimulatorMain.OK, run("--scenario", "gas-leak", "--config", CONFIG, "--dry-run"));
        assertTrue(out().contains("+13m ack: the operator acknowledges the alarms of GT-101 (\"leak isolated, dike ventilated\")"), out());
        assertTrue(out().contains("+13m (dry run: the active alarms of GT-101 would be acknowledged)"), out());
    }

    @Test
    void trendExpectationsNeedPlantTimestampsAtSpeed() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("--scenario", "dam-displacement", "--config", CONFIG, "--verify", "--broker", "tcp://127.0.0.1:1"));
        assertTrue(err().contains("expects trend alarms") && err().contains("--timestamps plant"), err());
    }

    @Test
    void plantTimestampsFurtherAheadThanTheGatewayTakesAreRefused() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("--scenario", "rainstorm", "--config", CONFIG, "--verify", "--broker", "tcp://127.0.0.1:1",
                "--timestamps", "plant"));
        assertTrue(err().contains("ahead of the gateway's clock, which refuses more than 5m ahead (its ingest.maxClockSkew)"), err());
    }

    @Test
    void anUnknownKindIsNamed() throws Exception {
        assertEquals(SimulatorMain.USAGE, run("--scenario", "gas-leak", "--config", CONFIG, "--verify", "--kinds", "threshold,smoke"));
        assertTrue(err().contains("got 'smoke'"), err());
    }

    private int run(String... args) throws InterruptedException {
        return SimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
