package io.hazardgate.simulator.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.scenario.ScenarioLoader;
import io.hazardgate.simulator.testing.Sites;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo waits out the gateway's flapping window before driving the same alarms again, and only then. */
class AlarmSpacingTest {
    private static final long T = 1_795_000_000_000L;
    private static final long MIN = 60_000;
    private final List<Site> sites = List.of(Sites.demo());

    private Scenario shipped(String name) {
        return ScenarioLoader.load(Sites.SCENARIOS.resolve(name + ".yaml"), sites);
    }

    @Test
    void aScenarioReplayedWaitsUntilItsAlarmsLastTransitionsLeaveTheFlappingWindow() {
        AlarmSpacing spacing = new AlarmSpacing(sites);
        Scenario gas = shipped("gas-leak");
        assertEquals(T, spacing.readyAt(gas, T), "never played: at once");
        spacing.played(gas, T);
        assertEquals(T + 10 * MIN, spacing.readyAt(gas, T + MIN), "the demo plant's flapping window is 10 minutes");
        assertEquals(T + 11 * MIN, spacing.readyAt(gas, T + 11 * MIN), "after it, at once");
    }

    @Test
    void theShippedScenariosDriveDisjointAlarmsSoOneCycleNeverWaits() {
        AlarmSpacing spacing = new AlarmSpacing(sites);
        long now = T;
        for (String name : DemoCommand.DEFAULT_SCENARIOS) {
            Scenario s = shipped(name);
            assertEquals(now, spacing.readyAt(s, now), name + " waits for nothing played before it in the cycle");
            now += MIN;
            spacing.played(s, now);
        }
        Scenario first = shipped(DemoCommand.DEFAULT_SCENARIOS.get(0));
        assertEquals(T + MIN + 10 * MIN, spacing.readyAt(first, now), "the next cycle waits for the first scenario's window");
    }

    @Test
    void alarmsAreKeptApartByPointAndKind() {
        AlarmSpacing spacing = new AlarmSpacing(sites);
        spacing.played(shipped("tank-overfill"), T);
        assertEquals(T, spacing.readyAt(shipped("sensor-faults"), T), "LT-101 flagged bad drives its fault alarm, not its threshold alarm");
        spacing.played(shipped("logger-offline"), T);
        assertEquals(T, spacing.readyAt(shipped("rainstorm"), T), "the dam points' no-data alarms are not their threshold alarms");
        assertEquals(T + 10 * MIN, spacing.readyAt(shipped("logger-offline"), T), "every point of the logger's outage");
    }

    @Test
    void aScenarioWhoseAlarmsJustChangedWaitsWhileTheReadyOnesPlay() {
        AlarmSpacing spacing = new AlarmSpacing(sites);
        List<Scenario> cycle = List.of(shipped("gas-leak"), shipped("garbage"), shipped("rainstorm"));
        assertEquals("gas-leak", spacing.next(cycle, T).name(), "in order while every one is ready");
        spacing.changedBefore("demo", "GT-101", "threshold", T - MIN);
        assertEquals("garbage", spacing.next(cycle, T).name(), "GT-101 changed a minute before the demo");
        spacing.changedBefore("demo", "PT-101", "threshold", T - 2 * MIN);
        spacing.changedBefore("demo", "WL-01", "threshold", T);
        assertEquals("garbage", spacing.next(List.of(cycle.get(0), cycle.get(2), cycle.get(1)), T).name(),
                "none ready: the one whose window ends first (PT-101's)");
    }
}
