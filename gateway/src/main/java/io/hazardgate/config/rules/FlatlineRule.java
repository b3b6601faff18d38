package io.hazardgate.config.rules;

/**
 * A stuck sensor: {@code samples} consecutive readings within {@code tolerance} of each other on a
 * point whose signal is expected to be noisy is a fault, not a quiet plant.
 */
public record FlatlineRule(int samples, double tolerance) {
    public static final FlatlineRule OFF = new FlatlineRule(0, 0);

    public boolean enabled() { return samples > 0; }
}
