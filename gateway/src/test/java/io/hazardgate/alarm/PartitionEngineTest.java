package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine of one cluster partition: its events depend on the records alone (a replay makes the same
 * ids and times), and a new owner that restores the state records of the old one carries every alarm
 * on exactly where it was, through delays, latches and acknowledgements.
 */
class PartitionEngineTest {
    private static final long T0 = Harness.T0;
    private final Site site = Harness.site("""
            site: s
            hazardSources: [{id: A, name: Area A}]
            devices: [{id: d1}]
            sensors:
              - {tag: GT-1, source: A, device: d1, type: combustible_gas, range: [0, 100]}
              - {tag: LT-1, source: A, device: d1, type: tank_level, range: [0, 20], limits: {H: 16, HH: 18}, onDelay: 2}
            """);
    private final SensorIndex index = SensorIndex.bySite(List.of(site), 1, 7);

    private static Bytes batch(long receivedAt, String tag, double value) {
        Bytes out = BufferBytes.allocate(128);
        ReadingBatch.writeHeader(out, 0, receivedAt, "s".getBytes(StandardCharsets.UTF_8), "d1".getBytes(StandardCharsets.UTF_8), 1);
        Bytes t = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(out, ReadingBatch.UNKNOWN_SENSOR, receivedAt, value, (byte) 0, t, 0, t.readableBytes());
        return out;
    }

    private static final Object[][] INPUT = {
            {"GT-1", 30.0}, {"LT-1", 19.0}, {"GT-1", 60.0}, {"LT-1", 19.5}, {"GT-1", 5.0}, {"LT-1", 10.0}, {"LT-1", 19.0},
            {"GT-1", 70.0}, {"LT-1", 19.2}, {"LT-1", 5.0}, {"GT-1", 4.0},
    };

    private static List<String> feed(PartitionEngine e, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (AlarmEvent ev : e.evaluate(batch(T0 + i * 1000L, (String) INPUT[i][0], (Double) INPUT[i][1]))) {
                out.add(ev.id() + "#" + ev.seq() + " " + ev.state().wireName() + " " + ev.limitName() + " @" + ev.eventTs());
            }
            if (i == 5) {
                e.acknowledge(firstActiveGas(e), "duty", "checked", T0 + i * 1000L + 500);
                for (AlarmEvent ev : e.drain()) out.add(ev.id() + "#" + ev.seq() + " " + ev.state().wireName() + " @" + ev.eventTs());
            }
        }
        return out;
    }

    private static String firstActiveGas(PartitionEngine e) {
        return "s:GT-1:high:" + (T0 + 0);
    }

    @Test
    void aReplayOfTheSameRecordsMakesTheSameEvents() {
        List<String> once = feed(new PartitionEngine(index, 0, 0), 0, INPUT.length);
        List<String> again = feed(new PartitionEngine(index, 0, 999_999), 0, INPUT.length);
        assertFalse(once.isEmpty());
        assertEquals(once, again);
    }

    @Test
    void aNewOwnerRestoringTheStateRecordsGoesOnExactlyWhereTheOldOneStopped() {
        List<String> uninterrupted = feed(new PartitionEngine(index, 0, 0), 0, INPUT.length);
        for (int cut = 1; cut < INPUT.length; cut++) {
            PartitionEngine old = new PartitionEngine(index, 0, 0);
            List<String> events = new ArrayList<>(feed(old, 0, cut));
            Map<String, byte[]> changelog = old.changed();
            PartitionEngine next = new PartitionEngine(index, 0, 0);
            for (byte[] record : changelog.values()) next.restore(record);
            next.restored(T0 + cut * 1000L);
            events.addAll(feed(next, cut, INPUT.length));
            assertEquals(uninterrupted, events, "handed over after record " + cut);
        }
    }

    /** A site whose level alarm climbs yellow's ladder: the operational person at 1 min, the supervisor at 2. */
    private final Site ladder = Harness.site("""
            site: s
            hazardSources: [{id: A, name: Area A, responsible: {principal: P1, technical: T1, operational: O1, supervisor: S1}}]
            devices: [{id: d1}]
            sensors:
              - {tag: LT-1, source: A, device: d1, type: tank_level, range: [0, 20], limits: {H: 16, HH: 18}, noData: off,
                 escalation: {yellow: [{after: 1m, to: operational}, {after: 2m, to: supervisor}]}}
            """);
    private final SensorIndex ladderIndex = SensorIndex.bySite(List.of(ladder), 1, 7);

    /**
     * Yellow raised, its first step overdue at 1 min (noticed by a tick at 1.5 min), an acknowledgement
     * asked at 50 s that reaches the engine after that tick, then a second yellow alarm left to climb.
     * Each event with its escalation (step, role, person) and time.
     */
    private static List<String> climb(PartitionEngine e, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int step = from; step < to; step++) {
            List<AlarmEvent> made = switch (step) {
                case 0 -> e.evaluate(batch(T0, "LT-1", 17.0));
                case 1 -> e.tick(T0 + 90_000);
                case 2 -> {
                    e.acknowledge("s:LT-1:high:" + T0, "duty", "", T0 + 50_000);
                    yield e.drain();
                }
                case 3 -> e.evaluate(batch(T0 + 100_000, "LT-1", 10.0));
                case 4 -> e.evaluate(batch(T0 + 110_000, "LT-1", 17.0));
                case 5 -> e.tick(T0 + 200_000);
                default -> e.tick(T0 + 300_000);
            };
            for (AlarmEvent ev : made) {
                out.add(ev.id() + "#" + ev.seq() + " " + ev.state().wireName() + " " + ev.escalation() + " @" + ev.eventTs());
            }
        }
        return out;
    }

    @Test
    void aNewOwnerKeepsEachAlarmsPlaceOnItsColoursLadderAndTheTimeOfItsLastEvent() {
        List<String> uninterrupted = climb(new PartitionEngine(ladderIndex, 0, 0), 0, 7);
        assertEquals(7, uninterrupted.size(), String.join("\n", uninterrupted));
        assertTrue(uninterrupted.get(2).contains("acknowledged Escalation[step=1, role=operational, person=O1] @" + (T0 + 60_000)),
                "the acknowledgement keeps the step reached and comes after it: " + uninterrupted.get(2));
        for (int cut = 1; cut < 7; cut++) {
            PartitionEngine old = new PartitionEngine(ladderIndex, 0, 0);
            List<String> events = new ArrayList<>(climb(old, 0, cut));
            PartitionEngine next = new PartitionEngine(ladderIndex, 0, 0);
            for (byte[] record : old.changed().values()) next.restore(record);
            next.restored(T0);
            events.addAll(climb(next, cut, 7));
            assertEquals(uninterrupted, events, "handed over after step " + cut);
        }
    }
}
