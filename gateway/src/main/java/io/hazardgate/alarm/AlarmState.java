package io.hazardgate.alarm;

/** Lifecycle transitions an alarm event reports. */
public enum AlarmState {
    RAISED, ESCALATED, DEESCALATED, CLEARED, ACKNOWLEDGED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static AlarmState fromWireName(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
