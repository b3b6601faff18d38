package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.Site;
import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.scenario.run.ScenarioRun;
import io.hazardgate.simulator.scenario.run.ScenarioSettings;
import io.hazardgate.simulator.scenario.verify.VerdictText;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.testing.PlantClock;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.Ticker;
import io.hazardgate.simulator.time.TimeBase;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario command line against the real gateway, and what a logger's outage leaves in the store. */
class ScenarioCommandAgainstGatewayTest {
    private static final long MIN = 60_000;

    @TempDir
    Path dir;

    /**
     * The verifier must fail correctly: a scenario with a wrong colour, an alarm that never comes and an
     * expectation left out, run the way an operator would (a gateway on the wall clock, wall-clock
     * timestamps, the command line), exits 3 and says what differs.
     */
    @Test
    void wrongExpectationsFailWithADiffNamingEachDifference() throws Exception {
        String overfill = Files.readString(Sites.SCENARIOS.resolve("tank-overfill.yaml"));
        String wrong = overfill
                .replace("{tag: LT-101, state: raised, colour: yellow, limit: H, after: overfill, within: 6m}",
                        "{tag: LT-101, state: raised, colour: red, limit: H, after: overfill, within: 6m}")
                .replace("  - {tag: LT-101, state: cleared, after: pumpdown, within: 9m}\n",
                        "  - {tag: TT-101, state: raised, after: pumpdown, within: 9m}\n");
        assertTrue(!wrong.equals(overfill) && wrong.contains("TT-101"), "the file was changed as intended");
        Path file = dir.resolve("tank-overfill-wrong.yaml");
        Files.writeString(file, wrong);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (InProcessGateway gateway = InProcessGateway.start(dir, Clock.systemUTC())) {
            code = SimulatorMain.run(new String[] {"--scenario", file.toString(), "--verify", "--site", Sites.DEMO_PLANT.toString(),
                    "--broker", gateway.url(), "--speed", "1800"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(SimulatorMain.VERIFY_FAILED, code, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.matches("(?s).*MISSING .*LT-101 threshold raised red H .*none within 6m after overfill; on LT-101 came: "
                + "threshold raised yellow H at \\+17m.*"), text);
        assertTrue(text.matches("(?s).*MISSING .*TT-101 threshold raised .*no event on TT-101 at all.*"), text);
        assertTrue(text.matches("(?s).*FORBIDDEN .*LT-101 threshold cleared yellow H \\(.*expectNone\\[1\\]: no alarm on LT-101 from pumpdown.*"), text);
        assertTrue(text.matches("(?s).*ok .*LT-101 threshold escalated red HH .*10m(\\d+s)? after overfill.*"), text);
        assertTrue(text.contains("FAILED tank-overfill: 2 missing, 1 forbidden (2 ok)"), text);
    }

    @Test
    void aLoggerOfflineForTwoHoursUploadsEveryReadingUnderItsOwnTimestamp() throws Exception {
        List<Site> sites = List.of(Sites.demo());
        Scenario scenario = ScenarioLoader.load(Sites.SCENARIOS.resolve("logger-offline.yaml"), sites);
        PlantClock clock = new PlantClock();
        AtomicReference<TimeBase> started = new AtomicReference<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (InProcessGateway gateway = InProcessGateway.start(dir, clock)) {
            ScenarioSettings settings = new ScenarioSettings(scenario, sites, new BrokerSettings(gateway.url(), null, null), 7200,
                    MessageTimestamps.PLANT, true, Set.of(AlarmKinds.THRESHOLD), Duration.ofSeconds(5), 1, ZoneOffset.UTC, 1, true);
            ScenarioRun.Result r = new ScenarioRun(settings, Ticker.SYSTEM, new PrintStream(log, true, StandardCharsets.UTF_8), tb -> {
                started.set(tb);
                clock.follow(tb);
            }).run();
            String report = log.toString(StandardCharsets.UTF_8) + VerdictText.render(r.verdict());
            assertTrue(r.verdict().passed(), "no threshold alarm, no device error\n" + report);
            assertEquals(12, r.uploaded(), report);
            assertEquals(0, r.failed(), report);

            // The logger's link really went down and came back: it connected twice (the watcher once).
            double connects = gateway.gateway().meters().find("hazardgate.mqtt.connects").counters().stream().mapToDouble(Counter::count).sum();
            assertEquals(3, connects, "connections accepted by the gateway");

            // Every 10-minute sample of the three hours is stored under its own plant time, the outage's included.
            long origin = started.get().plantOrigin();
            String table = "reading where tag = 'WL-01' and timestamp >= " + origin * 1000 + " and timestamp < " + (origin + 180 * MIN) * 1000;
            assertEquals(18, gateway.awaitCount("select count() from " + table, 18));
            String json = gateway.sql("select cast(timestamp as long) from " + table + " order by timestamp");
            List<Long> expected = new ArrayList<>();
            for (int k = 0; k < 18; k++) expected.add((origin + k * 10 * MIN) * 1000);
            for (Long ts : expected) assertTrue(json.contains("[" + ts + "]"), ts + " stored: " + json);
        }
    }
}
