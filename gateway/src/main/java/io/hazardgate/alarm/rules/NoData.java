package io.hazardgate.alarm.rules;

/** Causes of a no-data alarm, as its events name them in {@code limitName}. */
public final class NoData {
    /** No live reading for the point's window (a multiple of its own acquisition period). */
    public static final String SILENT = "silent";
    /** Its data logger lost the connection (its MQTT will or an {@code offline} status). */
    public static final String OFFLINE = "offline";

    private NoData() {}
}
