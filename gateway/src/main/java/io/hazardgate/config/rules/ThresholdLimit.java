package io.hazardgate.config.rules;

/**
 * One alarm limit of a sensor: crossing {@code value} in {@code direction} raises an alarm at
 * {@code level} (1 blue .. 4 red). The alarm clears only once the value is back past
 * {@code value ∓ deadband}, so noise around a limit does not flap.
 *
 * @param name     the limit's name as operators know it: H, HH, L, LL, L1, L2, blue, red ...
 */
public record ThresholdLimit(String name, Direction direction, int level, double value, double deadband) {
    public RiskColour colour() { return RiskColour.ofLevel(level); }
}
