package io.hazardgate.config.rules;

import java.time.Duration;

/**
 * One alarm limit of a sensor: reaching {@code value} in {@code direction} raises an alarm at
 * {@code level} (1 blue .. 4 red). The alarm clears only once the value is back past
 * {@code value ∓ deadband}, so noise around a limit does not flap.
 *
 * @param name   the limit's name as operators know it: H, HH, L, LL, L1, L2, blue, red ...
 * @param strict whether the value must pass the limit rather than reach it (the tangent angle's
 *               "greater than 45°"): at exactly {@code value} the limit is not in force
 * @param after  for a limit that follows from time rather than value (a bypass left on longer than
 *               allowed), how long the limit below it must have been active; {@code value} then is that
 *               time in hours, for display. {@link Duration#ZERO} for an ordinary limit
 */
public record ThresholdLimit(String name, Direction direction, int level, double value, double deadband, boolean strict,
                             Duration after) {
    public ThresholdLimit(String name, Direction direction, int level, double value, double deadband) {
        this(name, direction, level, value, deadband, false, Duration.ZERO);
    }

    public RiskColour colour() { return RiskColour.ofLevel(level); }

    public boolean timed() { return !after.isZero(); }
}
