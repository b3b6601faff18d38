package io.hazardgate.config.rules;

import java.time.Duration;

/**
 * Flapping (chattering, ISA-18.2 / IEC 62682) suppression: once an alarm has made {@code transitions}
 * transitions within {@code window}, it is held active and marked flapping until its condition has
 * stayed put for a whole window.
 */
public record FlappingRule(int transitions, Duration window) {
    public static final FlappingRule DEFAULT = new FlappingRule(6, Duration.ofMinutes(10));
    public static final FlappingRule OFF = new FlappingRule(0, Duration.ZERO);

    public boolean enabled() { return transitions > 0; }
}
