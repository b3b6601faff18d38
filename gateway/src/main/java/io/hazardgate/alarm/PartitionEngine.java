package io.hazardgate.alarm;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.alarm.lifecycle.AlarmListener;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.alarm.state.SensorStateCodec;
import io.hazardgate.alarm.state.SensorStateRecord;
import io.hazardgate.config.IngestSettings;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alarm engine of one partition of the sites, driven by its caller's thread instead of a shard
 * thread of its own: the cluster's alarm tier owns one per partition of the readings topic and feeds
 * it records in the topic's order. Its time is the time of what it is handed: a reading batch is judged
 * at its {@code receivedAt}, a command at its own timestamp, a tick at the caller's clock. So the
 * transitions a batch makes, their alarm ids and event times, are the same whichever node evaluates
 * it, and a replay after a failover makes the very same events.
 *
 * <p>State leaves and enters as records, one per sensor ({@link SensorStateRecord}): {@link #changed()}
 * hands the records of the sensors touched since the last call, {@link #restore} takes them back.
 * Single-threaded: one thread at a time, no locks.
 */
public final class PartitionEngine {
    private final int partition;
    private final DrivenClock clock = new DrivenClock();
    private final AlarmEvaluator evaluator;
    private final List<AlarmEvent> events = new ArrayList<>();
    private final Set<SensorState> touched = new LinkedHashSet<>();
    private final Map<String, SensorState> byKey = new HashMap<>();
    private final ReadingBatch batch = new ReadingBatch();

    /**
     * @param index a site-partitioned index ({@link SensorIndex#bySite}) whose shard {@code partition}
     *              this engine owns
     * @param now   when it starts: no point of the partition is judged silent before its whole window
     *              from here
     */
    public PartitionEngine(SensorIndex index, int partition, long now) {
        this(index, partition, now, IngestSettings.DEFAULT_MAX_CLOCK_SKEW);
    }

    /**
     * @param maxClockSkew how far ahead of its receive time a reading may be stamped (the ingest nodes
     *                     refuse the rest; the same limit here keeps the evaluator's own check in step)
     */
    public PartitionEngine(SensorIndex index, int partition, long now, Duration maxClockSkew) {
        this.partition = partition;
        clock.set(now);
        AlarmListener collect = events::add;
        this.evaluator = new AlarmEvaluator(partition, index, collect, clock, new RuleSpecs(), maxClockSkew.toMillis());
        for (SensorState st : evaluator.local()) byKey.put(st.key(), st);
    }

    public int partition() { return partition; }

    /** Sensors this partition owns. */
    public int sensors() { return byKey.size(); }

    /** Evaluates one {@link ReadingBatch} record at its receive time; returns the transitions it made. */
    public List<AlarmEvent> evaluate(Bytes record) {
        ReadingBatch b = batch.wrap(record);
        clock.set(b.receivedAt());
        SensorState[] byId = evaluator.states();
        boolean sameGeneration = b.configGeneration() == evaluator.index().generation();
        String site = sameGeneration ? null : b.site();
        while (b.next()) {
            SensorState st = sameGeneration ? (b.sensorId() < 0 ? null : byId[b.sensorId()]) : byKey.get(site + "/" + b.tag());
            if (st != null) touched.add(st);
        }
        evaluator.evaluate(record);
        return drain();
    }

    /** The timed work (no-data, escalation, the end of flapping) at {@code now}. */
    public List<AlarmEvent> tick(long now) {
        clock.set(Math.max(now, clock.millis()));
        evaluator.tick(clock.millis(), false);
        return drain();
    }

    /** An operator's acknowledgement, made at {@code ts}. */
    public AckResult acknowledge(String alarmId, String who, String comment, long ts) {
        clock.set(ts);
        AlarmId id = AlarmId.parse(alarmId);
        AckResult r = id == null ? AckResult.unknown(alarmId) : evaluator.acknowledge(id, who, comment, ts);
        return r;
    }

    /** The transitions the last {@link #acknowledge} or {@link #deviceOffline} made. */
    public List<AlarmEvent> drain() {
        List<AlarmEvent> out = List.copyOf(events);
        events.clear();
        for (AlarmEvent e : out) {
            SensorState st = byKey.get(e.sensorKey());
            if (st != null) touched.add(st);
        }
        return out;
    }

    /** A data logger announced it lost its link, at {@code ts}. */
    public List<AlarmEvent> deviceOffline(String site, String device, long ts) {
        clock.set(ts);
        evaluator.deviceOffline(site, device, ts);
        return drain();
    }

    /** The state records (key {@code site/tag}) of every sensor touched since the last call. */
    public Map<String, byte[]> changed() {
        Map<String, byte[]> out = new HashMap<>();
        for (SensorState st : touched) {
            Bytes b = BufferBytes.allocate(256);
            SensorStateRecord.write(st, b);
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            out.put(st.key(), bytes);
        }
        touched.clear();
        return out;
    }

    /**
     * Puts back a sensor's state from its record (before anything is evaluated); a record of a sensor
     * this partition does not own (the configuration changed) is ignored.
     */
    public boolean restore(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        SensorState st = byKey.get(SensorStateCodec.key(in));
        if (st == null) return false;
        SensorStateRecord.read(st, in);
        return true;
    }

    /** After the last {@link #restore}: the alarms restored are watched, no-data clocks start at {@code now}. */
    public void restored(long now) {
        evaluator.bind(evaluator.index(), evaluator.states());
        clock.set(now);
        evaluator.start(now);
    }

    /** Active alarms of the partition. */
    public int activeAlarms() { return evaluator.activeAlarms(); }

    /** A clock its owner sets: the time of what is being evaluated. */
    private static final class DrivenClock extends Clock {
        private long now;

        void set(long millis) { now = millis; }

        @Override public long millis() { return now; }

        @Override public Instant instant() { return Instant.ofEpochMilli(now); }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { throw new UnsupportedOperationException(); }
    }
}
