package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmWarmupTest {
    @TempDir
    Path dir;

    @Test
    void raisesAndClearsScratchAlarmsThroughTheBusUpToTheCountAsked() {
        AlarmWarmup.Result r = AlarmWarmup.run(4_000, TimeUnit.SECONDS.toNanos(60));
        // every scratch reading moves its point a step (raise, escalate, fall back, clear): one event each,
        // but for the first readings of the points that start at a normal value
        assertTrue(r.events() >= 4_000 - 8, "events delivered on the scratch bus: " + r.events());
        assertTrue(r.events() < 4_000 + 8 * 5, "it stops once the count is reached: " + r.events());
        assertTrue(r.publishedBytes() > r.events() * 100, "the events were encoded as JSON: " + r.publishedBytes() + " bytes");
    }

    @Test
    void stopsAtItsTimeBudget() {
        AlarmWarmup.Result r = AlarmWarmup.run(Long.MAX_VALUE, TimeUnit.MILLISECONDS.toNanos(300));
        assertTrue(r.events() > 0, "some events were delivered");
        assertTrue(r.nanos() < TimeUnit.SECONDS.toNanos(15), "it ended near its budget, took " + r.nanos() / 1_000_000 + " ms");
    }

    @Test
    void theGatewaysAlarmsWarmUpAtStartWithoutPublishingOrRecordingAnything() throws Exception {
        Site site = ConfigLoader.parseSite("plant.yaml", """
                site: plant
                name: Plant
                hazardSources:
                  - {id: T1, name: Tank 1, kind: major_hazard, grade: 2}
                devices:
                  - {id: d1}
                sensors:
                  - {tag: LT-1, source: T1, device: d1, type: generic, period: 1m, range: [0, 100], thresholds: [{name: H, direction: high, level: 1, value: 90}]}
                """);
        List<String> topics = new CopyOnWriteArrayList<>();
        List<AlarmEvent> recorded = new CopyOnWriteArrayList<>();
        SensorIndex index = new SensorIndex(List.of(site), 1, 1);
        try (Alarms alarms = Alarms.open(index, (t, p, q, r) -> topics.add(t), recorded::add, dir.resolve("alarm"),
                new TestClock(1_700_000_000_000L), new SimpleMeterRegistry(), Duration.ofHours(1))) {
            alarms.start(0, 2_000);
            AlarmWarmup.Result r = alarms.warmup().get(60, TimeUnit.SECONDS);
            assertTrue(r.events() >= 2_000 - 8, "the warm-up ran: " + r.events() + " scratch events");
            assertEquals(List.of("risk/plant/T1"), topics, "nothing published but the plant's colour, retained at start");
            assertEquals(List.of(), recorded, "nothing recorded for the store");
            assertEquals(List.of(), alarms.activeAlarms(), "no active alarm");
        }
    }
}
