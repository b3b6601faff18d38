package io.hazardgate.simulator.telemetry;

/**
 * One sample of a monitoring point.
 *
 * @param ts the reading's own timestamp (epoch ms), or {@link #MESSAGE_TS} to take the message's
 */
public record Reading(String tag, double value, long ts, Quality quality) {
    /** The reading carries no timestamp of its own and takes its message's. */
    public static final long MESSAGE_TS = Long.MIN_VALUE;

    public Reading {
        if (quality == null) throw new IllegalArgumentException("quality is required (GOOD by default)");
    }

    public static Reading of(String tag, double value) {
        return new Reading(tag, value, MESSAGE_TS, Quality.GOOD);
    }

    public boolean hasOwnTs() {
        return ts != MESSAGE_TS;
    }
}
