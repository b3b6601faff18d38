package io.hazardgate.config.rules;

import java.util.Locale;

/** What a trend rule measures (see docs/alarms.md for each definition). */
public enum TrendKind {
    /** Least-squares slope of the value over a time window, in units per {@code per}. */
    RATE,
    /** Change of that slope between two consecutive windows, per {@code per} per window. */
    ACCELERATION,
    /** Number of consecutive rising readings. */
    RISES,
    /** Improved tangent angle of the normalised displacement–time curve, in degrees. */
    TANGENT_ANGLE;

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    public static TrendKind fromWireName(String s) {
        for (TrendKind k : values()) {
            if (k.wireName().equals(s)) return k;
        }
        return null;
    }
}
