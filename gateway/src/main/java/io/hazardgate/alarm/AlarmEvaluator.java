package io.hazardgate.alarm;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.alarm.lifecycle.AlarmLifecycle;
import io.hazardgate.alarm.lifecycle.AlarmListener;
import io.hazardgate.alarm.rules.NoData;
import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.alarm.rules.ThresholdRule;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.Faults;
import io.hazardgate.alarm.state.LatestReading;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.alarm.state.TrendWindow;
import io.hazardgate.alarm.state.Trends;
import io.hazardgate.config.IngestSettings;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates readings against the rules of the sensors one shard owns and reports every transition.
 * Single-threaded by design: the shard's thread is the only one that touches these states, which is
 * what lets the hot path run without locks. Allocates only when an alarm changes state.
 *
 * <p>What counts as live (docs/alarms.md, "Late, out-of-order and stale readings"):
 * <ul>
 *   <li>a reading older than the newest one evaluated for its sensor is <em>late</em> (a logger's
 *       store-and-forward upload arriving after newer data): it completes the history of trend and
 *       accumulation windows but is never evaluated, so it cannot move live alarm state backwards or
 *       raise an alarm for the past;</li>
 *   <li>a reading with the same timestamp and value as the newest is a redelivered duplicate and is
 *       ignored; with the same timestamp but another value it is a correction and is evaluated;</li>
 *   <li>an in-order reading older at arrival than the point's no-data window (at least 5 min) is
 *       <em>stale</em>: it extends the history but raises, escalates and clears nothing;</li>
 *   <li>a reading stamped further ahead of its arrival than the allowed clock skew is <em>future</em>:
 *       ingest refuses those, so only a record of an earlier configuration can bring one; it is never
 *       judged and never becomes the sensor's newest, or every real reading after it would be late;</li>
 *   <li>everything else is live.</li>
 * </ul>
 */
public final class AlarmEvaluator {
    private final int shard;
    private final AlarmListener listener;
    private final Clock clock;
    private final ReadingBatch batch = new ReadingBatch();
    private final List<SensorState> watched = new ArrayList<>();
    private final AlarmLifecycle lifecycle;
    private SensorIndex index;
    /** By sensor id of {@link #index}; null for sensors of other shards. */
    private SensorState[] states;
    /** The index and states together, for readers on other threads (the two fields above change together). */
    private volatile Binding binding;
    /** This shard's sensors, densely. */
    private SensorState[] local;
    /** Per local sensor: gateway time after which it is silent (no-data), {@code Long.MAX_VALUE} when not watched. */
    private long[] silentAfter;
    /** No point is silent before this gateway time plus its window: set at start and while ingest is paused. */
    private long graceFrom;
    private long evaluated;
    private long late;
    private long stale;
    private long duplicates;
    private long future;
    /** How far ahead of its arrival a reading may be stamped (ingest.maxClockSkew). */
    private final long maxSkewMs;
    private long derivedReported;

    public AlarmEvaluator(int shard, SensorIndex index, AlarmListener listener, Clock clock) {
        this(shard, index, listener, clock, new RuleSpecs(), IngestSettings.DEFAULT_MAX_CLOCK_SKEW.toMillis());
    }

    AlarmEvaluator(int shard, SensorIndex index, AlarmListener listener, Clock clock, RuleSpecs specs, long maxSkewMs) {
        this.shard = shard;
        this.maxSkewMs = maxSkewMs;
        this.listener = listener;
        this.clock = clock;
        this.lifecycle = new AlarmLifecycle(listener, clock, watched);
        bind(index, build(shard, index, specs));
        start(clock.millis());
    }

    /** Builds fresh states for the sensors {@code shard} owns in {@code index}, by sensor id. */
    static SensorState[] build(int shard, SensorIndex index, RuleSpecs specs) {
        Map<String, HazardSource> sources = hazardSources(index.sites());
        SensorState[] out = new SensorState[index.size()];
        for (int id = 0; id < index.size(); id++) {
            if (index.shardOf(id) != shard) continue;
            Sensor s = index.sensor(id);
            String site = index.siteOf(id);
            out[id] = new SensorState(site, s, sources.get(site + "/" + s.source()), specs);
        }
        return out;
    }

    /** Every hazard source by {@code site/source}: whom its alarms escalate to, and its priority. */
    static Map<String, HazardSource> hazardSources(List<Site> sites) {
        Map<String, HazardSource> m = new HashMap<>();
        for (Site site : sites) {
            for (HazardSource h : site.hazardSources()) m.put(site.id() + "/" + h.id(), h);
        }
        return m;
    }

    /**
     * Links the states that read each other: a derived point to the point it is computed from, a level
     * switch to its transmitter. The index puts both on one shard, so neither needs a lock.
     */
    private static void link(SensorIndex index, SensorState[] byId) {
        for (SensorState st : byId) {
            if (st == null) continue;
            st.derived = new SensorState[0];
            st.partner = null;
        }
        for (SensorState st : byId) {
            if (st == null) continue;
            if (st.derivedPoint) {
                int from = index.find(st.site, st.sensor.conversion().from());
                SensorState parent = from < 0 ? null : byId[from];
                if (parent != null) {
                    parent.derived = Arrays.copyOf(parent.derived, parent.derived.length + 1);
                    parent.derived[parent.derived.length - 1] = st;
                }
            }
            if (st.disagree >= 0) {
                int t = index.find(st.site, st.sensor.rules().check().transmitter());
                st.partner = t < 0 ? null : byId[t];
            }
        }
    }

    /** Makes {@code byId} (states for {@code index}) the live states. Shard thread, or before it starts. */
    void bind(SensorIndex newIndex, SensorState[] byId) {
        link(newIndex, byId);
        List<SensorState> mine = new ArrayList<>();
        for (SensorState st : byId) {
            if (st != null) mine.add(st);
        }
        long[] silent = new long[mine.size()];
        for (int i = 0; i < mine.size(); i++) {
            SensorState st = mine.get(i);
            long before = st.local >= 0 && local != null && st.local < local.length && local[st.local] == st
                    ? silentAfter[st.local] : clock.millis() + st.noDataWindowMs;
            st.local = i;
            silent[i] = before;
        }
        watched.clear();
        for (SensorState st : mine) {
            if (st.activeSlots > 0) watched.add(st);
        }
        this.index = newIndex;
        this.states = byId;
        this.local = mine.toArray(new SensorState[0]);
        this.silentAfter = silent;
        this.binding = new Binding(newIndex, byId);
    }

    private record Binding(SensorIndex index, SensorState[] states) {}

    /** Starts the no-data clocks: no point is silent before it has had its whole window from {@code now}. */
    void start(long now) {
        graceFrom = now;
        for (int i = 0; i < local.length; i++) {
            silentAfter[i] = local[i].noDataActive() ? Long.MAX_VALUE : now + local[i].noDataWindowMs;
        }
    }

    public int shard() { return shard; }

    /** Readings evaluated so far. */
    public long evaluated() { return evaluated; }

    /** Readings older than the sensor's newest: history only. */
    public long late() { return late; }

    /** In-order readings too old at arrival to be live: history only. */
    public long stale() { return stale; }

    /** Readings with the same timestamp as the sensor's newest: ignored. */
    public long duplicates() { return duplicates; }

    /** Readings stamped further ahead of their arrival than the allowed skew: never judged. */
    public long future() { return future; }

    /** Readings sent for a derived point, which ingest refuses; any that got here anyway (an older config) are ignored. */
    public long derivedReported() { return derivedReported; }

    private static boolean sameAsPublished(SensorState st, double value, byte quality) {
        return Double.doubleToLongBits(value) == Double.doubleToLongBits(st.publishedValue()) && quality == st.publishedQuality();
    }

    /** Alarms active on this shard's sensors. */
    public int activeAlarms() {
        int n = 0;
        for (SensorState st : watched) n += st.activeSlots;
        return n;
    }

    SensorIndex index() { return index; }

    SensorState[] states() { return states; }

    SensorState[] local() { return local; }

    AlarmLifecycle lifecycle() { return lifecycle; }

    AlarmListener listener() { return listener; }

    Clock clock() { return clock; }

    /** Evaluates the readings of one {@link ReadingBatch} record that belong to this shard. */
    public void evaluate(Bytes record) {
        ReadingBatch b = batch.wrap(record);
        long now = b.receivedAt();
        SensorIndex idx = index;
        boolean sameGeneration = b.configGeneration() == idx.generation();
        String site = null;
        while (b.next()) {
            int id = b.sensorId();
            if (!sameGeneration) {
                if (site == null) site = b.site();
                id = idx.find(site, b.tag());
            }
            if (id < 0) continue;
            SensorState st = states[id];
            if (st == null) continue; // owned by another shard
            evaluate(st, b.ts(), b.value(), b.qualityCode(), now);
        }
    }

    private void evaluate(SensorState st, long ts, double reported, byte quality, long now) {
        if (ts - now > maxSkewMs) {
            future++;
            return;
        }
        if (st.derivedPoint) {
            derivedReported++;
            return;
        }
        evaluatePoint(st, ts, reported, quality, now);
    }

    /**
     * Evaluates one reading of a point, then the points derived from it. {@code reported} is what the
     * instrument (or, for a derived point, the point it is derived from) sent; rules judge the engineering
     * value made from it, while the instrument-range fault judges what the instrument itself sent.
     */
    private void evaluatePoint(SensorState st, long ts, double reported, byte quality, long now) {
        double value = st.scale * reported + st.offset;
        // Same timestamp as the newest: a redelivery if it is the same reading, else a correction (two
        // messages for one point in one millisecond), which the store keeps too (last one wins there).
        boolean correction = ts == st.lastTs && !sameAsPublished(st, value, quality);
        if (ts <= st.lastTs && !correction) {
            if (ts == st.lastTs) {
                duplicates++;
            } else {
                late++;
                history(st, ts, reported, quality);
            }
            return;
        }
        evaluated++;
        st.lastTs = ts;
        st.publish(value, quality, ts, now);
        boolean live = now - ts <= st.liveHorizonMs;
        if (live) {
            silentAfter[st.local] = now + st.noDataWindowMs;
            if (st.noData >= 0 && st.slots[st.noData] != null) lifecycle.follow(st, st.noData, -1, value, ts, now, null);
        } else {
            stale++;
        }
        String cause = Faults.cause(st, reported, quality);
        if (live) lifecycle.follow(st, st.fault, cause == null ? -1 : 0, value, ts, now, cause);
        // a faulty reading, or any reading of a faulted sensor, neither raises nor clears a hazard alarm
        if (cause != null || st.faulted()) return;
        double v = st.accumulator == null ? value : st.accumulator.add(ts, value);
        if (!correction) Trends.feed(st, ts, v); // a trend window holds one sample per timestamp
        if (live) judge(st, v, ts, now);
        for (SensorState d : st.derived) evaluatePoint(d, ts, value, quality, now);
    }

    /** Judges a live, sound reading against the point's threshold, trend and check rules. */
    private void judge(SensorState st, double v, long ts, long now) {
        RuleSpec[] rules = st.rules;
        for (int r = 0; r < st.thresholdEnd; r++) {
            ThresholdRule limits = rules[r].limits;
            int target = limits.evaluate(v, st.levelOf(r));
            if (limits.timedIndex > 0 && target == limits.timedIndex - 1 && timedDue(st, r, limits, now)) target = limits.timedIndex;
            lifecycle.follow(st, r, target, v, ts, now, null);
        }
        for (int r = st.thresholdEnd; r < st.trendEnd; r++) {
            double x = Trends.derive(st, r);
            int cur = st.levelOf(r);
            lifecycle.follow(st, r, Double.isNaN(x) ? cur : rules[r].limits.evaluate(x, cur), x, ts, now, null);
        }
        if (st.disagree >= 0) checkSwitch(st, v, ts, now);
        // while a warning is active the point reports more often (GB 51108 §4.5.4), and is silent sooner
        if (st.warnWindowMs > 0 && st.hazardActive()) silentAfter[st.local] = now + st.warnWindowMs;
    }

    /** Whether the timed limit of rule {@code r} is due: the limit below it has been active long enough. */
    private static boolean timedDue(SensorState st, int r, ThresholdRule limits, long now) {
        AlarmSlot slot = st.slots[r];
        return slot != null && slot.active() && now - slot.raisedTs >= limits.timedMs;
    }

    /**
     * A level switch against its transmitter: they disagree when the switch is tripped while the
     * transmitter reads clearly short of the set-point, or not tripped while it reads clearly past it.
     * Judged only on a live, sound reading of the transmitter; otherwise the check keeps its state.
     */
    private void checkSwitch(SensorState st, double state, long ts, long now) {
        SensorState t = st.partner;
        int target = st.levelOf(st.disagree);
        if (t != null && !t.faulted() && t.publishedTs() != Long.MIN_VALUE && now - t.publishedArrival() <= t.liveHorizonMs) {
            double p = t.publishedValue();
            if (Double.isFinite(p)) {
                double past = st.checkHigh ? p - st.checkSetpoint : st.checkSetpoint - p;
                boolean tripped = state == 1;
                target = (tripped && past < -st.checkTolerance) || (!tripped && past > st.checkTolerance) ? 0 : -1;
            }
        }
        lifecycle.follow(st, st.disagree, target, state, ts, now, Faults.DISAGREE);
    }

    /** A late reading fills in the windows' past, its own and those of the points derived from it; it is never evaluated. */
    private static void history(SensorState st, long ts, double reported, byte quality) {
        if (Faults.cause(st, reported, quality) != null || st.faulted()) return;
        double value = st.scale * reported + st.offset;
        if (st.accumulator != null) {
            st.accumulator.add(ts, value);
        } else {
            for (TrendWindow w : st.distinctWindows) w.add(ts, value);
        }
        for (SensorState d : st.derived) history(d, ts, value, quality);
    }

    /**
     * Time-driven work, called about once a second: no-data for silent points, escalation of
     * unacknowledged alarms, the end of flapping.
     *
     * @param ingestPaused whether the gateway is refusing readings (its log is full or failed): then no
     *                     point is judged silent, and each gets its whole window once ingest resumes
     */
    public void tick(long now, boolean ingestPaused) {
        if (ingestPaused) graceFrom = now;
        SensorState[] loc = local;
        long[] silent = silentAfter;
        for (int i = 0; i < loc.length; i++) {
            if (now <= silent[i]) continue;
            SensorState st = loc[i];
            if (st.noData < 0) {
                silent[i] = Long.MAX_VALUE;
                continue;
            }
            if (now - graceFrom < st.noDataWindowMs) continue;
            silent[i] = Long.MAX_VALUE;
            lifecycle.follow(st, st.noData, 0, Double.NaN, Math.max(0, st.lastTs), now, NoData.SILENT);
        }
        for (int i = watched.size() - 1; i >= 0 && i < watched.size(); i--) {
            SensorState st = watched.get(i);
            for (int r = 0; r < st.slots.length; r++) {
                AlarmSlot slot = st.slots[r];
                if (slot == null || !slot.active()) continue;
                ThresholdRule limits = st.rules[r].limits;
                if (r < st.thresholdEnd && limits.timedIndex > 0 && slot.level == limits.timedIndex - 1
                        && slot.condition == slot.level && now - slot.raisedTs >= limits.timedMs) {
                    lifecycle.promote(st, r, slot, limits.timedIndex, now);
                }
                if (slot.flapping) lifecycle.settle(st, r, slot, now);
                if (slot.active() && slot.ack == null && st.rules[r].escalates()) lifecycle.escalate(st, r, slot, now);
            }
        }
    }

    /** The data logger {@code device} of {@code site} lost its connection: its points are in no-data now. */
    public void deviceOffline(String site, String device, long now) {
        for (int i = 0; i < local.length; i++) {
            SensorState st = local[i];
            if (st.noData < 0 || !st.site.equals(site) || !st.sensor.device().equals(device)) continue;
            silentAfter[i] = Long.MAX_VALUE;
            lifecycle.follow(st, st.noData, 0, Double.NaN, Math.max(0, st.lastTs), now, NoData.OFFLINE);
        }
    }

    /** Acknowledges alarm {@code id} on this shard, as of gateway time {@code now} (when it was asked). */
    AckResult acknowledge(AlarmId id, String who, String comment, long now) {
        int sensor = index.find(id.site(), id.tag());
        SensorState st = sensor < 0 ? null : states[sensor];
        int r = st == null ? -1 : st.ruleIndex(id.rule());
        AlarmSlot slot = r < 0 ? null : st.slots[r];
        if (slot == null || slot.id == null) return AckResult.unknown(id.text());
        if (!slot.id.equals(id.text())) {
            return id.text().equals(slot.previousId) ? AckResult.notActive(id.text()) : AckResult.unknown(id.text());
        }
        if (!slot.active()) return AckResult.notActive(id.text());
        return lifecycle.acknowledge(st, r, slot, who, comment, now);
    }

    /** The latest reading of a sensor of this shard, from any thread; null when not known here. */
    LatestReading latest(String site, String tag) {
        Binding b = binding;
        int id = b.index().find(site, tag);
        SensorState st = id < 0 ? null : b.states()[id];
        return st == null ? null : st.latest();
    }

    long graceFrom() { return graceFrom; }

    @Override
    public String toString() {
        return "alarm shard " + shard + " (" + local.length + " sensors, " + Arrays.stream(local).mapToInt(s -> s.activeSlots).sum()
                + " active alarms)";
    }
}
