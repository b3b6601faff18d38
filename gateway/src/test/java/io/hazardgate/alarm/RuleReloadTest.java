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
}
