package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;

/**
 * A trend rule of a sensor: a quantity derived from its recent readings ({@link TrendKind}) and the
 * limits that quantity is judged against, exactly like a threshold side (levels, deadband).
 *
 * @param name       the rule's name, which events carry as {@code rule}
 * @param window     time window of the least-squares slope (unused by {@code rises})
 * @param per        time unit of a rate: {@code 1h} gives units per hour, {@code 1d} units per day
 * @param limits     the limits, all on {@code direction}'s side, sorted by level
 * @param steadyRate for the tangent angle: the rate of the steady (constant-velocity) stage, in units
 *                   per {@code per}, which normalises the curve; NaN otherwise
 * @param minSamples fewest readings in a window before its slope is trusted
 */
public record TrendRule(
        String name,
        TrendKind kind,
        Duration window,
        Duration per,
        Direction direction,
        List<ThresholdLimit> limits,
        double steadyRate,
        int minSamples) {}
