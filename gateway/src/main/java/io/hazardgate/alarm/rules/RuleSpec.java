package io.hazardgate.alarm.rules;

import io.hazardgate.config.rules.TrendKind;
import io.hazardgate.record.AlarmKind;

/**
 * One rule of a sensor as the hot path needs it: flat fields, no collections. Immutable, and shared by
 * every sensor whose rule is configured the same way (see {@link RuleSpecs}), so a hundred thousand gas
 * detectors with the standard limits carry one copy.
 */
public final class RuleSpec {
    public final String name;
    public final AlarmKind kind;
    /** Limits judged against the value (threshold) or the derived quantity (trend); null otherwise. */
    public final ThresholdRule limits;
    /** For trend rules: what is derived; null otherwise. */
    public final TrendKind trend;
    public final long windowMs;
    /** Seconds in a rate's time unit: 3600 for units per hour. */
    public final double perSeconds;
    public final double steadyRate;
    public final int minSamples;
    public final String unit;
    public final int onSamples;
    public final long onMs;
    public final int offSamples;
    public final long offMs;
    public final boolean latched;
    public final int flapTransitions;
    public final long flapWindowMs;
    /** Per level (0 grey .. 4 red), times after raising at which an unacknowledged alarm escalates, ascending. */
    public final long[][] escalationMs;
    /** Per level, the role each escalation step names. */
    public final String[][] escalationRoles;

    RuleSpec(String name, AlarmKind kind, ThresholdRule limits, TrendKind trend, long windowMs, double perSeconds,
             double steadyRate, int minSamples, String unit, int onSamples, long onMs, int offSamples, long offMs,
             boolean latched, int flapTransitions, long flapWindowMs, long[][] escalationMs, String[][] escalationRoles) {
        this.name = name;
        this.kind = kind;
        this.limits = limits;
        this.trend = trend;
        this.windowMs = windowMs;
        this.perSeconds = perSeconds;
        this.steadyRate = steadyRate;
        this.minSamples = minSamples;
        this.unit = unit;
        this.onSamples = onSamples;
        this.onMs = onMs;
        this.offSamples = offSamples;
        this.offMs = offMs;
        this.latched = latched;
        this.flapTransitions = flapTransitions;
        this.flapWindowMs = flapWindowMs;
        this.escalationMs = escalationMs;
        this.escalationRoles = escalationRoles;
    }

    public boolean flapping() { return flapTransitions > 0; }

    /** Whether an unacknowledged alarm of this rule escalates at any level. */
    public boolean escalates() {
        for (long[] l : escalationMs) if (l.length > 0) return true;
        return false;
    }

    /** The level of limit index {@code i}; no-data and faults have level 0. */
    public int level(int i) { return limits == null ? 0 : limits.levels[i]; }
}
