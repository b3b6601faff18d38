package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.testing.TestClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new configuration generation applied to running shards. */
class RuleReloadTest {
    static final String BEFORE = """
            site: s
            hazardSources: [{id: T}]
            devices: [{id: d1}, {id: d2}, {id: d3}]
            sensors:
              - {tag: GT, source: T, device: d1, type: combustible_gas}
              - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 16, HH: 18}}
              - {tag: XT, source: T, device: d2, type: tank_level, limits: {H: 16}}
              - {tag: MV, source: T, device: d2, type: tank_level, limits: {H: 16}}
            """;
    static final String AFTER = """
            site: s
            hazardSources: [{id: T}]
            devices: [{id: d1}, {id: d2}, {id: d3}]
            sensors:
              - {tag: GT, source: T, device: d1, type: combustible_gas}
              - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 17.5, HH: 18}}
              - {tag: MV, source: T, device: d3, type: tank_level, limits: {H: 16}}
              - {tag: NEW, source: T, device: d1, type: tank_level, limits: {H: 16}}
            """;
    @TempDir Path dir;

    @Test
    void unchangedSensorsKeepTheirStateChangedOnesAreRejudgedRemovedOnesEnd() throws Exception {
        Site before = Harness.site(BEFORE);
        Site after = Harness.site(AFTER);
        try (AlarmSystem sys = new AlarmSystem(before, dir, new TestClock(Harness.T0), 4)) {
            sys.feed("GT", 60).feed("LT", 17).feed("XT", 17).feed("MV", 17).drain();
            String mv = sys.events("high").stream().filter(e -> e.tag().equals("MV")).findFirst().orElseThrow().id();
            sys.recorded.clear();
            SensorIndex next = new SensorIndex(List.of(after), 4, 2);
            org.junit.jupiter.api.Assertions.assertNotEquals(sys.index.shardOf(sys.index.find("s", "MV")), next.shardOf(next.find("s", "MV")),
                    "MV moves to another shard with its new logger");
            sys.alarms.reload(next);
            sys.drain();
            assertEquals(List.of("XT"), sys.recorded.stream().map(AlarmEvent::tag).toList());
            assertEquals(AlarmState.CLEARED, sys.recorded.get(0).state());
            assertEquals("XT XT: high alarm ended: its sensor was removed from the configuration", sys.recorded.get(0).message());
            sys.recorded.clear();
            sys.feedNext(next, after, "GT", 60).feedNext(next, after, "LT", 17).feedNext(next, after, "NEW", 17).drain();
            assertEquals(List.of("LT:cleared", "NEW:raised"), sys.recorded.stream().map(e -> e.tag() + ":" + e.state().wireName()).toList(),
                    "GT kept its latched alarm; LT is judged by H 17.5; NEW starts fresh");
            assertEquals(AckResult.Outcome.ACKNOWLEDGED, sys.alarms.acknowledge(mv, "op", "").get().outcome(),
                    "an alarm of a sensor that moved to another logger (and shard) came along");
            assertTrue(sys.alarms.activeAlarms().stream().anyMatch(a -> a.id().equals(mv) && a.acknowledged()));
        }
    }

    static final String LINKED = """
            site: s
            hazardSources: [{id: D, kind: tailings_dam, design: {crestElevation: 157.5}}, {id: T}]
            devices: [{id: d1}, {id: d2}, {id: d3}, {id: d4}]
            sensors:
              - {tag: WL, source: D, device: d1, type: water_level, deadband: 0.2, noData: off}
              - {tag: FB, source: D, type: freeboard, from: WL, limits: {blue: BLUE}}
              - {tag: LT, source: T, device: d3, type: tank_level, range: [0, 20], limits: {H: 16}, noData: off}
              - {tag: LS, source: T, device: d2, type: level_switch, trips: HH, checks: LT, setpoint: 18, disagreeAfter: DELAY, noData: off}
            """;

    @Test
    void derivedPointsAndSwitchChecksFollowTheirSourceAcrossShardsAndReloads() throws Exception {
        Site before = Harness.site(LINKED.replace("BLUE", "3.0").replace("DELAY", "1m"));
        Site after = Harness.site(LINKED.replace("BLUE", "5.0").replace("DELAY", "2m"));
        TestClock clock = new TestClock(Harness.T0);
        try (AlarmSystem sys = new AlarmSystem(before, dir, clock, 4)) {
            SensorIndex idx = sys.index;
            assertEquals(idx.shardOf(idx.find("s", "WL")), idx.shardOf(idx.find("s", "FB")), "a derived point lives with its source");
            assertEquals(idx.shardOf(idx.find("s", "LT")), idx.shardOf(idx.find("s", "LS")), "a switch lives with its transmitter");
            sys.feed("WL", 153).drain();
            assertTrue(sys.recorded.isEmpty(), "4.5 m of freeboard is above blue 3 m");
            SensorIndex next = new SensorIndex(List.of(after), 4, 2);
            sys.alarms.reload(next);
            sys.feedNext(next, after, "WL", 153).drain();
            assertEquals(List.of("FB:raised:blue"), sys.recorded.stream().map(e -> e.tag() + ":" + e.state().wireName() + ":" + e.limitName()).toList(),
                    "WL kept its state; the changed FB is fed by it under its new limit");
            sys.recorded.clear();
            sys.feedNext(next, after, "LT", 19).feedNext(next, after, "LS", 0);
            clock.advance(90_000);
            sys.feedNext(next, after, "LT", 19).feedNext(next, after, "LS", 0).drain();
            assertTrue(sys.events("disagree").isEmpty(), "the new disagreeAfter is 2 min: " + sys.recorded);
            clock.advance(60_000);
            sys.feedNext(next, after, "LT", 19).feedNext(next, after, "LS", 0).drain();
            assertEquals(List.of("LS:disagree:raised"), sys.events("disagree").stream().map(e -> e.tag() + ":" + e.rule() + ":" + e.state().wireName()).toList());
        }
    }
}
