package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.operator.OperatorSettings;
import io.hazardgate.simulator.scenario.run.ScenarioRun;
import io.hazardgate.simulator.scenario.run.ScenarioSettings;
import io.hazardgate.simulator.scenario.verify.Finding;
import io.hazardgate.simulator.scenario.verify.VerdictText;
import io.hazardgate.simulator.testing.InProcessGateway;
import io.hazardgate.simulator.time.PlantClock;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.Ticker;
import io.micrometer.core.instrument.Counter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The shipped scenarios, played one after another against one real gateway in this JVM, and verified
 * for every alarm kind. The gateway's clock follows the plant as it plays ({@link PlantClock}) and
 * messages carry plant time, so every timeline is judged in plant time at a speed that keeps the run
 * short: periods, trends, no-data and escalation alike; verification times each event by what caused
 * it, so the speed does not change the verdict. The operator of the scenarios' acknowledgements is the
 * shipped config's demo operator, on the gateway's real HTTP port. Each scenario starts where the last
 * one left the plant's clock and ends with the plant normal and its alarms cleared, which is what lets
 * them share the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenariosAgainstGatewayTest {
    /** Every shipped scenario. */
    static final List<String> VERIFIED_NOW = List.of("gas-leak", "tank-overfill", "rainstorm", "garbage", "sensor-faults", "logger-offline",
            "dam-displacement");
    /** Every kind: threshold, trend, no_data and fault. */
    static final Set<String> KINDS_NOW = Set.of();

    /** Plant seconds per wall second for each scenario here: a few wall seconds each. */
    static final Map<String, Double> TEST_SPEED = Map.of("gas-leak", 960.0, "tank-overfill", 1800.0, "rainstorm", 28800.0, "garbage", 120.0,
            "sensor-faults", 1800.0, "logger-offline", 3600.0, "dam-displacement", 28800.0);

    private static final long MIN = 60_000;

    private final PlantClock clock = new PlantClock();
    private InProcessGateway gateway;

    @BeforeAll
    void startGateway(@TempDir Path dir) throws Exception {
        gateway = InProcessGateway.start(dir, clock);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) gateway.close();
    }

    @ParameterizedTest
    @FieldSource("VERIFIED_NOW")
    void shippedScenarioPassesAgainstTheGateway(String name) throws Exception {
        assertPasses(name, KINDS_NOW);
    }

    /**
     * The machine stalls for a second and a half in the middle of the pump-down (a collection pause, a busy
     * core): 45 plant minutes at this speed. The gateway's clock waits for the plant, so the readings sent
     * late are still live: the HH switch resets and the level alarm clears as they should, on time.
     */
    @Test
    void aStalledSimulatorDoesNotMakeTheGatewayMissTransitions() throws Exception {
        double speed = TEST_SPEED.get("tank-overfill");
        Ticker stalling = new Ticker() {
            private long first = Long.MIN_VALUE;
            private boolean stalled;

            @Override
            public long nowMillis() {
                return System.currentTimeMillis();
            }

            @Override
            public void sleepUntil(long wallMillis) throws InterruptedException {
                Ticker.SYSTEM.sleepUntil(wallMillis);
                if (first == Long.MIN_VALUE) first = wallMillis;
                if (!stalled && wallMillis - first >= 29 * MIN / speed) { // just after the pump-down begins (28m)
                    stalled = true;
                    Thread.sleep(1_500);
                }
            }
        };
        Run run = play("tank-overfill", KINDS_NOW, stalling);
        assertTrue(run.log().contains("alarm LSHH-101 threshold cleared"), run.report());
        assertTrue(run.log().contains("alarm LT-101 threshold cleared"), run.report());
        assertTrue(run.result().verdict().passed(), run.report());
    }

    /**
     * A logger's outage, through the real MQTT link: its connection is cut and restored, its will puts its
     * points in no-data at once, and the readings it kept meanwhile reach the store under their own
     * timestamps without raising anything.
     */
    @Test
    void aLoggerOfflineForTwoHoursUploadsEveryReadingUnderItsOwnTimestamp() throws Exception {
        double connectsBefore = connects();
        Run run = play("logger-offline", KINDS_NOW);
        assertTrue(run.result().verdict().passed(), "no-data from the will, no threshold alarm, no device error\n" + run.report());
        assertEquals(12, run.result().uploaded(), run.report());
        assertEquals(0, run.result().failed(), run.report());

        // The logger's link really went down and came back: the gateway accepted its connection twice (and the watcher's once).
        assertEquals(3, connects() - connectsBefore, "connections accepted by the gateway");

        // Every 10-minute sample of the three hours is stored under its own plant time, the outage's included.
        long origin = run.start();
        String table = "reading where tag = 'WL-01' and timestamp >= " + origin * 1000 + " and timestamp < " + (origin + 180 * MIN) * 1000;
        assertEquals(18, gateway.awaitCount("select count() from " + table, 18));
        String json = gateway.sql("select cast(timestamp as long) from " + table + " order by timestamp");
        for (int k = 0; k < 18; k++) {
            long ts = (origin + k * 10 * MIN) * 1000;
            assertTrue(json.contains("[" + ts + "]"), ts + " stored: " + json);
        }
    }

    /** The gateway's count of closed connections by reason, to explain a lost message. */
    private String disconnects() {
        StringBuilder sb = new StringBuilder("gateway disconnects:");
        for (Counter c : gateway.gateway().meters().find("hazardgate.mqtt.disconnects").counters()) {
            sb.append(' ').append(c.getId().getTag("reason")).append('=').append((long) c.count());
        }
        return sb.toString();
    }

    private double connects() {
        return gateway.gateway().meters().find("hazardgate.mqtt.connects").counters().stream().mapToDouble(Counter::count).sum();
    }

    private void assertPasses(String name, Set<String> kinds) throws Exception {
        Run run = play(name, kinds);
        ScenarioRun.Result r = run.result();
        assertFalse(r.stoppedEarly());
        assertNotNull(r.verdict());
        assertTrue(r.verdict().passed(), run.report() + disconnects());
        assertEquals(run.scenario().alarms().stream().filter(a -> kinds.isEmpty() || kinds.contains(a.kind())).count()
                + run.scenario().errors().size(), r.verdict().count(Finding.Outcome.OK), "every expectation met\n" + run.report());
        assertEquals(0, r.failed(), "every message acknowledged");
    }

    /** A scenario played on the shared gateway from where its clock stands; what it printed, and its verdict. */
    private record Run(Scenario scenario, long start, ScenarioRun.Result result, String log) {
        String report() {
            return log + (result.verdict() == null ? "" : VerdictText.render(result.verdict())) + result + "\n";
        }
    }

    private Run play(String name, Set<String> kinds) throws Exception {
        return play(name, kinds, Ticker.SYSTEM);
    }

    private Run play(String name, Set<String> kinds, Ticker ticker) throws Exception {
        List<Site> sites = List.of(Sites.demo());
        Scenario scenario = ScenarioLoader.load(Sites.SCENARIOS.resolve(name + ".yaml"), sites);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        clock.hold();
        long start = clock.millis();
        ScenarioSettings settings = new ScenarioSettings(scenario, sites, new BrokerSettings(gateway.url(), null, null),
                OperatorSettings.parse(gateway.httpUrl(), InProcessGateway.OPERATOR), TEST_SPEED.get(name), MessageTimestamps.PLANT, true, kinds,
                Duration.ofSeconds(5), 1, ZoneOffset.ofHours(8), 1, true, start);
        ScenarioRun.Result r = new ScenarioRun(settings, ticker, new PrintStream(log, true, StandardCharsets.UTF_8), clock::follow).run();
        return new Run(scenario, start, r, log.toString(StandardCharsets.UTF_8));
    }
}
