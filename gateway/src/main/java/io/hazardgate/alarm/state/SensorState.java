package io.hazardgate.alarm.state;

import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.NoDataRule;
import io.hazardgate.config.rules.SwitchCheck;
import io.hazardgate.config.rules.TrendKind;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the engine keeps about one sensor. Owned by exactly one shard thread, so it needs no
 * locks; readings for it only ever arrive on that thread. The one exception is the latest reading,
 * which the owner publishes through a sequence lock for the control room to read from any thread
 * without slowing the owner down ({@link #latest()}).
 */
public final class SensorState {
    /** A reading older than this at arrival is never live, however long the point's period (history only). */
    static final long MIN_LIVE_HORIZON_MS = 5 * 60_000L;
    /**
     * NAMUR NE 43: a 4–20 mA transmitter still measures between 3.8 and 20.5 mA; beyond that it signals a
     * fault. As fractions of the span: 1.25 % below the range and 3.125 % above it are valid readings.
     */
    static final double RANGE_MARGIN_LOW = 0.0125;
    static final double RANGE_MARGIN_HIGH = 0.03125;
    private static final VarHandle VERSION;
    private static final SensorState[] NONE = new SensorState[0];

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(SensorState.class, "version", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final Sensor sensor;
    public final String site;
    /** Who an unacknowledged alarm escalates to: the responsible persons of the sensor's hazard source. */
    public final ResponsiblePersons responsible;
    /** The priority of the sensor's hazard source (its GB 18218 grade or dam class), carried by its events. */
    public final int priority;
    public final RuleSpec[] rules;
    public final AlarmSlot[] slots;
    /** Rules [0, thresholdEnd) are thresholds, [thresholdEnd, trendEnd) trends. */
    public final int thresholdEnd;
    public final int trendEnd;
    /** Index of the no-data rule, -1 when switched off. */
    public final int noData;
    /** Index of the switch-transmitter disagreement rule, -1 when the sensor has none. */
    public final int disagree;
    public final int fault;
    /** Per trend rule index: its window (rules with the same window share one); null for others. */
    final TrendWindow[] windows;
    /** Each window once, for feeding readings. */
    public final TrendWindow[] distinctWindows;
    final boolean countsRises;
    public final Accumulator accumulator;
    public final long noDataWindowMs;
    public final long liveHorizonMs;
    final double validLo;
    final double validHi;
    public final int flatlineSamples;
    final double flatlineTolerance;
    /** The engineering value is {@code scale × reported + offset} (baseline, conversion, derivation). */
    public final double scale;
    public final double offset;
    /** Whether readings are a state, 0 or 1: anything else is a fault. */
    public final boolean discrete;
    /** Whether the point is computed from another one's readings and never reported itself. */
    public final boolean derivedPoint;
    /** The no-data window while one of its hazard alarms is active (its warning period); 0 when it keeps its own. */
    public final long warnWindowMs;
    public final double checkSetpoint;
    public final double checkTolerance;
    public final boolean checkHigh;

    /** Points derived from this one's readings (on the same shard); set when the shard binds its states. */
    public SensorState[] derived = NONE;
    /** For a level switch, the transmitter it is checked against (on the same shard); null otherwise. */
    public SensorState partner;

    /** Position in the shard's dense arrays, -1 before it has one. */
    public int local = -1;
    /** Timestamp of the newest reading evaluated; older readings are late. */
    public long lastTs = Long.MIN_VALUE;
    public double risePrev = Double.NaN;
    public int rises;
    public double flatRef = Double.NaN;
    public int flatCount;
    /** Active alarms of this sensor, to keep it on the shard's list of sensors to watch. */
    public int activeSlots;

    // the latest reading, published under a sequence lock (odd while being written)
    @SuppressWarnings("unused") private int version;
    private double pubValue = Double.NaN;
    private long pubTs = Long.MIN_VALUE;
    private long pubArrival;
    private byte pubQuality;

    public SensorState(String site, Sensor sensor, HazardSource source, RuleSpecs specs) {
        this.site = site;
        this.sensor = sensor;
        this.responsible = source == null ? ResponsiblePersons.NONE : source.responsible();
        this.priority = source == null ? HazardSource.UNGRADED : source.priority();
        this.rules = specs.of(sensor);
        this.slots = new AlarmSlot[rules.length];
        int t = 0;
        while (t < rules.length && rules[t].kind == AlarmKind.THRESHOLD) t++;
        this.thresholdEnd = t;
        while (t < rules.length && rules[t].kind == AlarmKind.TREND) t++;
        this.trendEnd = t;
        this.noData = t < rules.length && rules[t].kind == AlarmKind.NO_DATA ? t : -1;
        this.fault = rules.length - 1;
        this.disagree = rules.length > 1 && rules[rules.length - 2].name.equals(RuleSpecs.DISAGREE) ? rules.length - 2 : -1;
        this.windows = new TrendWindow[rules.length];
        boolean rising = false;
        Map<Long, TrendWindow> byWindow = new HashMap<>();
        Map<Long, Integer> depth = new HashMap<>();
        for (int r = thresholdEnd; r < trendEnd; r++) {
            if (rules[r].trend == TrendKind.RISES) rising = true;
            else depth.merge(rules[r].windowMs, rules[r].trend == TrendKind.ACCELERATION ? 2 : 1, Math::max);
        }
        for (int r = thresholdEnd; r < trendEnd; r++) {
            if (rules[r].trend != TrendKind.RISES) {
                long w = rules[r].windowMs;
                windows[r] = byWindow.computeIfAbsent(w, k -> new TrendWindow(k, depth.get(k)));
            }
        }
        this.countsRises = rising;
        this.distinctWindows = byWindow.values().toArray(new TrendWindow[0]);
        AlarmRules ar = sensor.rules();
        this.accumulator = ar.accumulates() ? new Accumulator(ar.accumulate().toMillis()) : null;
        NoDataRule nd = ar.noData().enabled() ? ar.noData() : NoDataRule.DEFAULT;
        this.noDataWindowMs = nd.window(sensor.period()).toMillis();
        this.liveHorizonMs = Math.max(noDataWindowMs, MIN_LIVE_HORIZON_MS);
        if (sensor.hasRange()) {
            double span = sensor.rangeMax() - sensor.rangeMin();
            validLo = sensor.rangeMin() - RANGE_MARGIN_LOW * span;
            validHi = sensor.rangeMax() + RANGE_MARGIN_HIGH * span;
        } else {
            validLo = Double.NEGATIVE_INFINITY;
            validHi = Double.POSITIVE_INFINITY;
        }
        this.flatlineSamples = ar.flatline().samples();
        this.flatlineTolerance = ar.flatline().tolerance();
        this.scale = sensor.conversion().scale();
        this.offset = sensor.conversion().offset();
        this.discrete = sensor.type().isDiscrete();
        this.derivedPoint = sensor.derived();
        Duration warning = sensor.warningPeriod();
        long warnWindow = warning.isZero() || !ar.noData().enabled() ? 0 : ar.noData().window(warning).toMillis();
        this.warnWindowMs = warnWindow > 0 && warnWindow < noDataWindowMs ? warnWindow : 0;
        SwitchCheck check = ar.check();
        this.checkSetpoint = check == null ? Double.NaN : check.setpoint();
        this.checkTolerance = check == null ? Double.NaN : check.tolerance();
        this.checkHigh = check == null || check.direction() == Direction.HIGH;
    }

    /** Whether one of its hazard alarms (threshold, trend) is active. */
    public boolean hazardActive() {
        for (int r = 0; r < trendEnd; r++) {
            AlarmSlot s = slots[r];
            if (s != null && s.level >= 0) return true;
        }
        return false;
    }

    public String key() { return site + "/" + sensor.tag(); }

    public int levelOf(int rule) {
        AlarmSlot s = slots[rule];
        return s == null ? -1 : s.level;
    }

    public boolean noDataActive() {
        return noData >= 0 && slots[noData] != null && slots[noData].level >= 0;
    }

    public boolean faulted() {
        AlarmSlot s = slots[fault];
        return s != null && s.level >= 0;
    }

    public int ruleIndex(String name) {
        for (int r = 0; r < rules.length; r++) {
            if (rules[r].name.equals(name)) return r;
        }
        return -1;
    }

    /** Publishes the newest reading (owner thread only). Two ordered stores around plain ones: no fence on x86. */
    public void publish(double value, byte quality, long ts, long arrival) {
        int v = version;
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        pubValue = value;
        pubQuality = quality;
        pubTs = ts;
        pubArrival = arrival;
        VERSION.setRelease(this, v + 2);
    }

    /** The latest reading as published, from any thread; null before the first one. */
    public LatestReading latest() {
        while (true) {
            int v1 = (int) VERSION.getAcquire(this);
            double value = pubValue;
            byte quality = pubQuality;
            long ts = pubTs;
            long arrival = pubArrival;
            VarHandle.loadLoadFence();
            int v2 = (int) VERSION.getOpaque(this);
            if (v1 == v2 && (v1 & 1) == 0) {
                return ts == Long.MIN_VALUE ? null : new LatestReading(value, io.hazardgate.record.Quality.ofCode(quality), ts, arrival,
                        accumulator == null ? Double.NaN : accumulator.published());
            }
            Thread.onSpinWait();
        }
    }

    public double publishedValue() { return pubValue; }

    public byte publishedQuality() { return pubQuality; }

    public long publishedTs() { return pubTs; }

    public long publishedArrival() { return pubArrival; }

    /** Restores the published reading from a snapshot (before the shard starts). */
    public void restoreLatest(double value, byte quality, long ts, long arrival) {
        publish(value, quality, ts, arrival);
    }
}
