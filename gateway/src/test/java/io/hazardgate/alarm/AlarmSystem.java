package io.hazardgate.alarm;

import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The alarm subsystem with its real threads, journal and snapshots in a directory, publishing into a
 * list instead of a broker; the clock is moved by hand. For tests of delivery, acknowledgement and
 * restart recovery below the MQTT layer.
 */
final class AlarmSystem implements AutoCloseable {
    /** A message the alarm bus published. */
    record Message(String topic, String payload, boolean retained) {}

    final TestClock clock;
    final Site site;
    final SensorIndex index;
    final Alarms alarms;
    final List<Message> published = new CopyOnWriteArrayList<>();
    final List<AlarmEvent> recorded = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    AlarmSystem(Site site, Path dir, TestClock clock) {
        this(site, dir, clock, 1);
    }

    AlarmSystem(Site site, Path dir, TestClock clock, int shards) {
        this(site, dir, clock, shards, 3_600_000L);
    }

    AlarmSystem(Site site, Path dir, TestClock clock, int shards, long snapshotIntervalMs) {
        this.clock = clock;
        this.site = site;
        this.index = new SensorIndex(List.of(site), shards, 1);
        this.alarms = Alarms.open(index, (t, p, q, r) -> published.add(new Message(t, new String(p, StandardCharsets.UTF_8), r)),
                recorded::add, dir, clock, meters, Duration.ofMillis(snapshotIntervalMs));
        alarms.start();
    }

    /** Feeds one live good reading stamped now, as ingest would, then moves the clock by a millisecond. */
    AlarmSystem feed(String tag, double value) {
        feed(tag, value, clock.millis(), Quality.GOOD);
        clock.advance(1);
        return this;
    }

    AlarmSystem feed(String tag, double value, long ts, Quality q) {
        int id = index.find(site.id(), tag);
        Bytes rec = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(rec, index.generation(), clock.millis(), site.id().getBytes(StandardCharsets.UTF_8),
                "d1".getBytes(StandardCharsets.UTF_8), 1);
        Bytes tagBytes = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(rec, id, ts, value, q.code(), tagBytes, 0, tagBytes.readableBytes());
        tagBytes.release();
        if (!alarms.engine().offer(rec, 1L << index.shardOf(id))) throw new AssertionError("refused");
        rec.release();
        return this;
    }

    /** Feeds a reading decoded under a later configuration generation. */
    AlarmSystem feedNext(SensorIndex next, Site nextSite, String tag, double value) {
        int id = next.find(nextSite.id(), tag);
        Bytes rec = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(rec, next.generation(), clock.millis(), nextSite.id().getBytes(StandardCharsets.UTF_8),
                "d1".getBytes(StandardCharsets.UTF_8), 1);
        Bytes tagBytes = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(rec, id, clock.millis(), value, Quality.GOOD.code(), tagBytes, 0, tagBytes.readableBytes());
        tagBytes.release();
        if (!alarms.engine().offer(rec, 1L << next.shardOf(id))) throw new AssertionError("refused");
        rec.release();
        clock.advance(1);
        return this;
    }

    /** Events recorded so far whose rule is {@code rule}. */
    List<AlarmEvent> events(String rule) {
        List<AlarmEvent> out = new ArrayList<>();
        for (AlarmEvent e : recorded) if (e.rule().equals(rule)) out.add(e);
        return out;
    }

    /** Waits (at most {@link Await#WAIT}) until an event matching {@code p} has been recorded, and returns it. */
    AlarmEvent await(Predicate<AlarmEvent> p) {
        awaitTrue(() -> recorded.stream().anyMatch(p), "an event matching the condition");
        return recorded.stream().filter(p).reduce((a, b) -> b).orElseThrow();
    }

    /** {@link Await#until} for callers that do not declare {@link InterruptedException}. */
    static void awaitTrue(BooleanSupplier condition, String what) {
        try {
            Await.until(what, condition::getAsBoolean);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until every queued reading has been evaluated and its events delivered. */
    AlarmSystem drain() {
        alarms.engine().flush().join();
        return this;
    }

    /** Moves the clock and runs the shards' timed work at the new time. */
    AlarmSystem advance(long ms) {
        clock.advance(ms);
        alarms.engine().tickNow();
        return drain();
    }

    @Override
    public void close() {
        alarms.close();
    }
}
