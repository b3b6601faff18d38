package io.hazardgate.config.uplink;

import java.util.Locale;

/**
 * What an uplink sends, as the provincial access specifications divide it: real-time values, the same
 * values backfilled after an outage, alarm and clearance messages, basic data (the enterprise, its
 * hazard sources, equipment and points) and the statistics regulators count.
 */
public enum MessageKind {
    REALTIME, HISTORY, ALARM, BASIC, STATISTICS;

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    /** The kind named {@code s}, or null. */
    public static MessageKind fromWireName(String s) {
        for (MessageKind k : values()) if (k.wireName().equals(s)) return k;
        return null;
    }
}
