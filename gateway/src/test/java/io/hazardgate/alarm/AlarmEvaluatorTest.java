package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmEvaluatorTest {
    static final long T0 = 1_732_350_000_000L;
    final SensorIndex index = new SensorIndex(List.of(Configs.demoPlant()), 1, 1);
    final TestClock clock = new TestClock(T0);
    final List<AlarmEvent> events = new ArrayList<>();
    final AlarmEvaluator evaluator = new AlarmEvaluator(0, index, events::add, clock);
    long ts = T0;

    void feed(String tag, double value) { feed(tag, value, ts += 1000, Quality.GOOD); }

    void feed(String tag, double value, long readingTs, Quality q) {
        Bytes rec = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(rec, index.generation(), clock.millis(), "demo".getBytes(StandardCharsets.UTF_8),
                "dtu-tf1".getBytes(StandardCharsets.UTF_8), 1);
        Bytes tagBytes = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(rec, index.find("demo", tag), readingTs, value, q.code(), tagBytes, 0, tagBytes.readableBytes());
        evaluator.evaluate(rec);
        rec.release();
        tagBytes.release();
    }

    AlarmEvent last() { return events.get(events.size() - 1); }

    @Test
    void raisesLevel2RedWhenGasCrosses50PercentLel() {
        feed("GT-101", 60);
        assertEquals(1, events.size());
        AlarmEvent e = last();
        assertEquals(AlarmState.RAISED, e.state());
        assertEquals(RiskColour.RED, e.colour());
        assertEquals(4, e.level());
        assertEquals("L2", e.limitName());
        assertEquals(50, e.limit());
        assertEquals(60, e.value());
        assertEquals("%LEL", e.unit());
        assertEquals("TF1", e.source());
        assertEquals(AlarmKind.THRESHOLD, e.kind());
        assertEquals(1, e.seq());
        assertEquals(ts, e.readingTs());
        assertEquals("GT-101 101罐防火堤可燃气体 Combustible gas at tank 101 dike: 60 %LEL at or above L2 limit 50 %LEL", e.message());
    }

    @Test
    void escalatesDeescalatesAndClearsOneAlarmWithOneId() {
        feed("PT-101", 2.2);
        feed("PT-101", 2.7);
        feed("PT-101", 2.2);
        feed("PT-101", 1.0);
        assertEquals(List.of(AlarmState.RAISED, AlarmState.ESCALATED, AlarmState.DEESCALATED, AlarmState.CLEARED),
                events.stream().map(AlarmEvent::state).toList());
        assertEquals(List.of(2, 4, 2, 2), events.stream().map(AlarmEvent::level).toList());
        assertEquals(1, events.stream().map(AlarmEvent::id).distinct().count());
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(AlarmEvent::seq).toList());
    }

    @Test
    void keepsAlarmActiveWithinDeadband() {
        // L1 is 25 %LEL with the default deadband of 2 %: it clears below 24.5 (once acknowledged: gas latches)
        feed("GT-101", 25);
        evaluator.acknowledge(AlarmId.parse(last().id()), "op", "", clock.millis());
        feed("GT-101", 24.6);
        feed("GT-101", 25.2);
        feed("GT-101", 24.51);
        assertEquals(2, events.size(), "noise around the limit raises once");
        feed("GT-101", 24.5);
        assertEquals(AlarmState.CLEARED, last().state());
        feed("GT-101", 24.9);
        assertEquals(3, events.size(), "below the limit itself nothing is raised again");
    }

    @Test
    void tankLevelIsYellowAtHAndLAndItsHHAndLLSwitchesAreRed() {
        feed("LT-101", 17);
        assertEquals(AlarmState.RAISED, last().state());
        assertEquals("H", last().limitName());
        assertEquals(RiskColour.YELLOW, last().colour());
        assertEquals("high", last().rule());
        feed("LT-101", 10);
        assertEquals(AlarmState.CLEARED, last().state());
        feed("LT-101", 1.5);
        assertEquals("L", last().limitName());
        assertEquals("low", last().rule());
        assertEquals(RiskColour.YELLOW, last().colour());
        feed("LT-101", 0.5);
        assertEquals(AlarmState.RAISED, last().state(), "LT-101 stays at L: LL is the switch's");
        int before = events.size();
        feed("LSLL-101", 1);
        AlarmEvent ll = events.get(before);
        assertEquals("LSLL-101", ll.tag());
        assertEquals("LL", ll.limitName());
        assertEquals("state", ll.rule());
        assertEquals(RiskColour.RED, ll.colour());
        assertTrue(ll.message().endsWith("LL switch tripped"), ll.message());
    }

    @Test
    void pressureHasVacuumLimitsBelowZero() {
        feed("PT-101", -0.3);
        assertEquals("L", last().limitName());
        assertEquals("low", last().rule());
        assertEquals(RiskColour.YELLOW, last().colour());
        feed("PT-101", -0.45);
        assertEquals(AlarmState.ESCALATED, last().state());
        assertEquals("LL", last().limitName());
        assertEquals(RiskColour.RED, last().colour());
        feed("PT-101", 0.5);
        assertEquals(AlarmState.CLEARED, last().state());
    }

    @Test
    void phreaticLineAlarmsWhenTheBurialDepthIsShallow() {
        feed("PZ-01", 12);
        assertTrue(events.isEmpty());
        feed("PZ-01", 4.3);
        assertEquals(RiskColour.ORANGE, last().colour(), "orange at 1.1 x red = 4.4 m");
        feed("PZ-01", 3.9);
        assertEquals(RiskColour.RED, last().colour());
    }

    @Test
    void lateReadingsAreNotEvaluated() {
        feed("GT-101", 10, T0 + 10_000, Quality.GOOD);
        feed("GT-101", 80, T0 + 5_000, Quality.GOOD); // store-and-forward upload of an older reading
        assertTrue(events.isEmpty(), "a reading from the past raises nothing");
        assertEquals(1, evaluator.late());
        feed("GT-101", 80, T0 + 11_000, Quality.GOOD);
        assertEquals(AlarmState.RAISED, last().state());
    }

    @Test
    void badQualityReadingsNeitherRaiseNorClear() {
        feed("GT-101", 80, T0 + 1000, Quality.BAD);
        assertTrue(events.stream().noneMatch(e -> e.kind() == AlarmKind.THRESHOLD), "a bad reading is a fault, not gas");
        feed("GT-101", 80, T0 + 2000, Quality.GOOD);
        feed("GT-101", 0, T0 + 3000, Quality.BAD);
        assertEquals(1, events.stream().filter(e -> e.kind() == AlarmKind.THRESHOLD).count());
    }

    @Test
    void readingsOfOtherShardsAreLeftAlone() {
        SensorIndex two = new SensorIndex(List.of(Configs.demoPlant()), 2, 1);
        int owner = two.shardOf(two.find("demo", "GT-101"));
        List<AlarmEvent> other = new ArrayList<>();
        AlarmEvaluator notOwner = new AlarmEvaluator(1 - owner, two, other::add, clock);
        Bytes rec = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(rec, 1, T0, "demo".getBytes(StandardCharsets.UTF_8), new byte[0], 1);
        Bytes tag = BufferBytes.wrap("GT-101".getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(rec, two.find("demo", "GT-101"), T0, 99, (byte) 0, tag, 0, 6);
        notOwner.evaluate(rec);
        rec.release();
        tag.release();
        assertTrue(other.isEmpty());
        assertEquals(0, notOwner.evaluated());
    }
}
