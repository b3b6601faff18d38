package io.hazardgate.simulator.scenario;

import java.util.Locale;

/**
 * Payloads a faulty logger (or a misconfigured one) might send, each breaking the telemetry contract
 * (docs/protocol.md) in one way. Each is built around a real tag of the device, so that only the flaw
 * named makes it invalid.
 */
public enum GarbageKind {
    /** Cut off in the middle, as a truncated frame would be. */
    MALFORMED_JSON,
    /** A reading without {@code value}. */
    MISSING_VALUE,
    /** A reading without {@code tag}. */
    MISSING_TAG,
    /** A value that is a string, not a JSON number. */
    NOT_A_NUMBER,
    /** A quality other than good, uncertain or bad. */
    INVALID_QUALITY,
    /** A timestamp in seconds rather than milliseconds: before 2000-01-01 as milliseconds. */
    BAD_TIMESTAMP,
    /** A well-formed reading of a tag the site does not configure: stored, reported as a warning. */
    UNKNOWN_TAG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static GarbageKind fromWireName(String s) {
        for (GarbageKind k : values()) {
            if (k.wireName().equals(s)) return k;
        }
        return null;
    }

    /** The payload, for a logger whose real tag is {@code tag}, stamped {@code ts}. */
    public String payload(String tag, long ts) {
        String head = "{\"ts\":" + ts + ",\"readings\":[";
        return switch (this) {
            case MALFORMED_JSON -> head + "{\"tag\":\"" + tag + "\",\"value\":12.";
            case MISSING_VALUE -> head + "{\"tag\":\"" + tag + "\"}]}";
            case MISSING_TAG -> head + "{\"value\":1.5}]}";
            case NOT_A_NUMBER -> head + "{\"tag\":\"" + tag + "\",\"value\":\"high\"}]}";
            case INVALID_QUALITY -> head + "{\"tag\":\"" + tag + "\",\"value\":1.5,\"quality\":\"excellent\"}]}";
            case BAD_TIMESTAMP -> "{\"ts\":" + ts / 1000 + ",\"readings\":[{\"tag\":\"" + tag + "\",\"value\":1.5}]}";
            case UNKNOWN_TAG -> head + "{\"tag\":\"" + UNKNOWN_TAG_NAME + "\",\"value\":1.5}]}";
        };
    }

    /** The tag an {@link #UNKNOWN_TAG} payload names; no site should configure it. */
    public static final String UNKNOWN_TAG_NAME = "XX-UNCONFIGURED";
}
