package io.hazardgate.alarm;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One alarm shard's evaluator on a site given as YAML, a hand-moved clock and the events it made.
 * Readings are fed as binary records exactly as ingest hands them over; nothing sleeps.
 */
final class Harness {
    static final long T0 = 1_732_350_000_000L;

    final TestClock clock = new TestClock(T0);
    final List<AlarmEvent> events = new ArrayList<>();
    final SensorIndex index;
    final AlarmEvaluator evaluator;
    final Site site;

    Harness(Site site) {
        this.site = site;
        this.index = new SensorIndex(List.of(site), 1, 1);
        this.evaluator = new AlarmEvaluator(0, index, events::add, clock);
    }

    static Harness of(String yaml) {
        return new Harness(site(yaml));
    }

    static Site site(String yaml) {
        try {
            Path f = Files.createTempFile("site", ".yaml");
            try {
                Files.writeString(f, yaml);
                return ConfigLoader.loadSite(f);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A site with one hazard source {@code A} and the given sensor lines under {@code sensors:}. */
    static Harness sensors(String... sensorLines) {
        StringBuilder y = new StringBuilder("""
                site: s
                hazardSources:
                  - {id: A, name: Area A, responsible: {principal: P1, technical: T1, operational: O1, supervisor: S1}}
                devices: [{id: d1}, {id: d2}]
                sensors:
                """);
        for (String l : sensorLines) y.append("  - ").append(l).append('\n');
        return of(y.toString());
    }

    /** Moves the clock by {@code ms}, then feeds a live good reading stamped now. */
    Harness after(long ms, String tag, double value) {
        clock.advance(ms);
        return feed(tag, value, clock.millis(), Quality.GOOD);
    }

    Harness feed(String tag, double value) { return after(1000, tag, value); }

    Harness feed(String tag, double value, long ts, Quality q) { return feed(tag, value, ts, q, clock.millis()); }

    Harness feed(String tag, double value, long ts, Quality q, long arrival) {
        Bytes rec = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(rec, index.generation(), arrival, site.id().getBytes(StandardCharsets.UTF_8),
                "d1".getBytes(StandardCharsets.UTF_8), 1);
        Bytes tagBytes = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(rec, index.find(site.id(), tag), ts, value, q.code(), tagBytes, 0, tagBytes.readableBytes());
        evaluator.evaluate(rec);
        rec.release();
        tagBytes.release();
        return this;
    }

    Harness tick() {
        evaluator.tick(clock.millis(), false);
        return this;
    }

    /** Advances the clock in one-second ticks, as the shard thread would. */
    Harness idle(long ms) {
        for (long t = 0; t < ms; t += 1000) {
            clock.advance(Math.min(1000, ms - t));
            tick();
        }
        return this;
    }

    AckResult ack(String id, String who, String comment) {
        return evaluator.acknowledge(AlarmId.parse(id), who, comment, clock.millis());
    }

    AlarmEvent last() { return events.get(events.size() - 1); }

    List<AlarmState> states() { return events.stream().map(AlarmEvent::state).toList(); }

    List<AlarmState> states(String rule) { return events.stream().filter(e -> e.rule().equals(rule)).map(AlarmEvent::state).toList(); }

    List<AlarmEvent> eventsOf(String rule) { return events.stream().filter(e -> e.rule().equals(rule)).toList(); }

    /** The latest event of {@code rule}, or null. */
    AlarmEvent lastOf(String rule) {
        List<AlarmEvent> l = eventsOf(rule);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    boolean active(String rule) {
        AlarmEvent e = lastOf(rule);
        return e != null && e.isActive();
    }
}
