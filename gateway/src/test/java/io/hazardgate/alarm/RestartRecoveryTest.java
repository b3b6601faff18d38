package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import io.hazardgate.testing.TestClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart of the alarm subsystem on the same directory (a stop and start in-process). */
class RestartRecoveryTest {
    static final String SITE = """
            site: s
            hazardSources: [{id: T}, {id: D, kind: tailings_dam}]
            devices: [{id: d1}]
            sensors:
              - {tag: GT, source: T, device: d1, type: combustible_gas}
              - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 16}, onDelay: 3}
              - {tag: G, source: D, device: d1, type: surface_displacement, noData: off, trends: {rate: {window: 24h, limits: {yellow: 5}}}}
            """;
    @TempDir Path dir;
    final TestClock clock = new TestClock(Harness.T0);
    final Site site = Harness.site(SITE);

    AlarmSystem open() { return new AlarmSystem(site, dir, clock); }

    @Test
    void activeAlarmsAcknowledgementsAndLatchesSurviveWithoutBeingRaisedAgain() throws Exception {
        String gas;
        String tank;
        try (AlarmSystem a = open()) {
            a.feed("GT", 60).feed("LT", 17).feed("LT", 17).feed("LT", 17).drain();
            gas = a.events("high").stream().filter(e -> e.tag().equals("GT")).findFirst().orElseThrow().id();
            tank = a.events("high").stream().filter(e -> e.tag().equals("LT")).findFirst().orElseThrow().id();
            assertEquals(AckResult.Outcome.ACKNOWLEDGED, a.alarms.acknowledge(tank, "op", "seen").get().outcome());
        }
        clock.advance(10 * 60_000); // ten minutes down
        try (AlarmSystem b = open()) {
            assertTrue(b.recorded.isEmpty(), "nothing is raised again at start");
            assertTrue(b.published.stream().anyMatch(m -> m.retained() && m.topic().equals("alarm-state/s/T/GT") && m.payload().contains(gas)),
                    "the retained state is republished from what was recovered");
            assertEquals(2, b.alarms.activeAlarms().size());
            assertTrue(b.alarms.activeAlarms().stream().filter(e -> e.id().equals(tank)).findFirst().orElseThrow().acknowledged());
            b.feed("GT", 60).feed("GT", 5).drain();
            assertTrue(b.recorded.isEmpty(), "still active, still latched");
            b.alarms.acknowledge(gas, "op", "").get();
            b.drain();
            assertEquals(List.of(AlarmState.ACKNOWLEDGED, AlarmState.CLEARED), b.recorded.stream().map(AlarmEvent::state).toList());
            assertEquals(List.of(2L, 3L), b.recorded.stream().map(AlarmEvent::seq).toList(), "the sequence goes on");
            b.feed("LT", 10).drain();
            assertEquals(tank, b.recorded.get(b.recorded.size() - 1).id());
            b.advance(59_000);
            assertTrue(b.events("no_data").isEmpty(), "no point is silent before its whole window after the restart");
        }
    }

    @Test
    void aReadingJudgedBeforeTheRestartIsNotJudgedAgain() {
        long t1;
        try (AlarmSystem a = open()) {
            t1 = clock.millis();
            a.feed("GT", 30).drain();
            a.alarms.acknowledge(a.events("high").get(0).id(), "op", "").join();
            a.feed("GT", 5).drain();
            assertEquals(AlarmState.CLEARED, a.recorded.get(a.recorded.size() - 1).state());
        }
        try (AlarmSystem b = open()) {
            b.feed("GT", 30, t1, Quality.GOOD).drain(); // the logger sends the first reading again after reconnecting
            assertTrue(b.recorded.isEmpty());
        }
    }

    @Test
    void trendWindowsAndDelaysInProgressSurvive() {
        try (AlarmSystem a = open()) {
            // nine hours at 6 mm/d: too short a stretch of the 24 h window for a slope yet
            for (int h = 0; h <= 9; h++) {
                a.feed("G", 100 + 6.0 * h / 24, clock.millis(), Quality.GOOD);
                clock.advance(3_600_000);
            }
            a.feed("LT", 17).feed("LT", 17).drain();
            assertTrue(a.events("rate").isEmpty());
            assertTrue(a.events("high").isEmpty());
        }
        clock.advance(4 * 3_600_000);
        try (AlarmSystem b = open()) {
            b.feed("G", 100 + 6.0 * 14 / 24).drain();
            assertEquals("yellow", b.await(e -> e.rule().equals("rate")).limitName(), "fourteen hours of history came back");
            b.feed("LT", 17).drain();
            assertEquals(1, b.events("high").size(), "the third reading of the on-delay, across the restart");
        }
    }

    @Test
    void periodicSnapshotsAndTheJournalRestoreWhatACrashLeaves(@TempDir Path crashed) throws Exception {
        // the first periodic snapshot falls due 11 h after start, once every reading below is in
        try (AlarmSystem a = new AlarmSystem(site, dir, clock, 1, 11 * 3_600_000L)) {
            for (int h = 0; h <= 9; h++) {
                a.feed("G", 100 + 6.0 * h / 24, clock.millis(), Quality.GOOD);
                clock.advance(3_600_000);
            }
            a.feed("GT", 60).drain();
            assertEquals(0.0, a.meters.get("hazardgate.alarm.snapshots.written").gauge().value());
            clock.advance(3_600_001);
            AlarmSystem.awaitTrue(() -> a.meters.get("hazardgate.alarm.snapshots.written").gauge().value() >= 1,
                    "a periodic snapshot");
            // what a kill -9 now would leave on disk: the journal and the last periodic snapshot, no final one
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path f : files.toList()) java.nio.file.Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        clock.advance(3 * 3_600_000);
        try (AlarmSystem b = new AlarmSystem(site, crashed, clock)) {
            assertEquals(List.of("GT:high", "GT:no_data", "LT:no_data"), b.alarms.activeAlarms().stream()
                    .map(e -> e.tag() + ":" + e.rule()).sorted().toList(), "the journal's alarms, silent points included");
            b.feed("G", 100 + 6.0 * 14 / 24).drain();
            assertEquals("yellow", b.await(e -> e.rule().equals("rate")).limitName(), "the snapshot brought the trend history back");
        }
    }

    @Test
    void anAlarmWhoseSensorLeftTheConfigurationEndsAtStart() {
        try (AlarmSystem a = open()) {
            a.feed("LT", 17).feed("LT", 17).feed("LT", 17).drain();
        }
        Site without = Harness.site(SITE.replace("  - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 16}, onDelay: 3}\n", ""));
        try (AlarmSystem b = new AlarmSystem(without, dir, clock)) {
            AlarmEvent ended = b.await(e -> e.tag().equals("LT"));
            assertEquals(AlarmState.CLEARED, ended.state());
            assertEquals("LT: high alarm ended: its sensor is no longer configured", ended.message());
            assertTrue(b.alarms.activeAlarms().isEmpty());
        }
    }

    @Test
    void aBypassLeftOnAcrossARestartTurnsOrangeOnTheTimeItWasRaised() throws Exception {
        Site bp = Harness.site("site: s\nhazardSources: [{id: T}]\ndevices: [{id: d1}]\n"
                + "sensors: [{tag: BP, source: T, device: d1, type: bypass, maxBypass: 1h, noData: off, escalation: off}]\n");
        try (AlarmSystem a = new AlarmSystem(bp, dir, clock)) {
            a.feed("BP", 1).drain();
            assertEquals(List.of("bypassed"), a.recorded.stream().map(AlarmEvent::limitName).toList());
        }
        clock.advance(50 * 60_000); // down for 50 minutes
        try (AlarmSystem b = new AlarmSystem(bp, dir, clock)) {
            b.advance(9 * 60_000);
            assertTrue(b.recorded.isEmpty(), "59 minutes bypassed: not yet");
            b.advance(2 * 60_000);
            assertEquals(List.of("maxBypass"), b.recorded.stream().map(AlarmEvent::limitName).toList(),
                    "an hour after it was raised, not an hour after the restart");
        }
    }
}
