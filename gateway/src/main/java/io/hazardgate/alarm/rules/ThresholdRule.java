package io.hazardgate.alarm.rules;

import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.ThresholdLimit;
import java.util.List;
import java.util.Locale;

/**
 * The limits of one side (high or low) of one sensor, as one alarm with levels: crossing a further
 * limit escalates the same alarm, falling back deescalates it, and it clears once the value is back past
 * the lowest limit by its deadband. Immutable (so sensors with the same limits share one); evaluation
 * allocates nothing.
 *
 * <p>Each limit is judged against two precomputed bounds rather than its value: where it comes into
 * force ({@link #raiseAt}: the value itself, the next double past it for a strict limit, never for a
 * limit that follows from time) and how far back an alarm at it holds ({@link #keepPast}: the value less
 * its deadband).
 */
public final class ThresholdRule {
    final String name;
    public final Direction direction;
    public final String[] limitNames;
    /** The limits' values, as configured and shown. */
    public final double[] values;
    final double[] deadbands;
    public final int[] levels;
    public final boolean[] strict;
    final double[] raiseAt;
    final double[] keepPast;
    /** The index of the limit that follows from time ({@link ThresholdLimit#timed()}), -1 when none. */
    public final int timedIndex;
    /** How long the limit below {@link #timedIndex} must have been active for it to apply. */
    public final long timedMs;

    /** @param limits limits of {@code direction}, sorted by level ascending */
    ThresholdRule(Direction direction, List<ThresholdLimit> limits) {
        this(direction.name().toLowerCase(Locale.ROOT), direction, limits);
    }

    /** Limits of a named rule (a trend rule judges its derived value with these). */
    ThresholdRule(String name, Direction direction, List<ThresholdLimit> limits) {
        this.name = name;
        this.direction = direction;
        int n = limits.size();
        limitNames = new String[n];
        values = new double[n];
        deadbands = new double[n];
        levels = new int[n];
        strict = new boolean[n];
        raiseAt = new double[n];
        keepPast = new double[n];
        boolean high = direction == Direction.HIGH;
        int timed = -1;
        long timedFor = 0;
        for (int i = 0; i < n; i++) {
            ThresholdLimit l = limits.get(i);
            limitNames[i] = l.name();
            values[i] = l.value();
            deadbands[i] = l.deadband();
            levels[i] = l.level();
            strict[i] = l.strict();
            if (l.timed()) {
                timed = i;
                timedFor = l.after().toMillis();
                raiseAt[i] = high ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                keepPast[i] = raiseAt[i];
            } else {
                raiseAt[i] = !l.strict() ? l.value() : high ? Math.nextUp(l.value()) : Math.nextDown(l.value());
                keepPast[i] = high ? l.value() - l.deadband() : l.value() + l.deadband();
            }
        }
        timedIndex = timed;
        timedMs = timedFor;
    }

    /**
     * The index of the limit in force for {@code v}, or -1 when none is. An alarm at {@code current}
     * stays at a higher limit while the value is within that limit's deadband (hysteresis), so noise
     * around a limit raises once and clears once.
     */
    public int evaluate(double v, int current) {
        int idx = -1;
        boolean high = direction == Direction.HIGH;
        for (int k = raiseAt.length - 1; k >= 0; k--) {
            if (high ? v >= raiseAt[k] : v <= raiseAt[k]) {
                idx = k;
                break;
            }
        }
        for (int k = current; k > idx; k--) {
            if (high ? v > keepPast[k] : v < keepPast[k]) return k;
        }
        return idx;
    }
}
