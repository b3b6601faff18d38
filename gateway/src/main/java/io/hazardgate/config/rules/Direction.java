package io.hazardgate.config.rules;

/** Which side of a limit is dangerous. */
public enum Direction {
    /** Alarm when the value rises to or above the limit. */
    HIGH,
    /** Alarm when the value falls to or below the limit. */
    LOW
}
