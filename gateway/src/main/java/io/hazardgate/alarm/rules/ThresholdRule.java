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
 */
public final class ThresholdRule {
    final String name;
    public final Direction direction;
    public final String[] limitNames;
    public final double[] values;
    final double[] deadbands;
    public final int[] levels;

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
        for (int i = 0; i < n; i++) {
            ThresholdLimit l = limits.get(i);
            limitNames[i] = l.name();
            values[i] = l.value();
            deadbands[i] = l.deadband();
            levels[i] = l.level();
        }
    }

    /**
     * The index of the limit in force for {@code v}, or -1 when none is. An alarm at {@code current}
     * stays at a higher limit while the value is within that limit's deadband (hysteresis), so noise
     * around a limit raises once and clears once.
     */
    public int evaluate(double v, int current) {
        int idx = -1;
        for (int k = values.length - 1; k >= 0; k--) {
            if (direction == Direction.HIGH ? v >= values[k] : v <= values[k]) {
                idx = k;
                break;
            }
        }
        for (int k = current; k > idx; k--) {
            boolean within = direction == Direction.HIGH ? v > values[k] - deadbands[k] : v < values[k] + deadbands[k];
            if (within) return k;
        }
        return idx;
    }
}
