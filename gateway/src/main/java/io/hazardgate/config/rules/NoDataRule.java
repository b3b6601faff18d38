package io.hazardgate.config.rules;

import java.time.Duration;

/**
 * When a point counts as silent: no live reading for {@code multiple} × its own acquisition period,
 * and never less than {@code minimum} (so a 10 s gas detector is not declared lost after one missed
 * beat of a busy network).
 */
public record NoDataRule(boolean enabled, double multiple, Duration minimum) {
    public static final double DEFAULT_MULTIPLE = 3;
    public static final Duration DEFAULT_MINIMUM = Duration.ofMinutes(1);
    public static final NoDataRule DEFAULT = new NoDataRule(true, DEFAULT_MULTIPLE, DEFAULT_MINIMUM);
    public static final NoDataRule OFF = new NoDataRule(false, DEFAULT_MULTIPLE, DEFAULT_MINIMUM);

    /** The silence after which a point with acquisition period {@code period} is in no-data. */
    public Duration window(Duration period) {
        long ms = Math.round(period.toMillis() * multiple);
        return Duration.ofMillis(Math.max(ms, minimum.toMillis()));
    }
}
