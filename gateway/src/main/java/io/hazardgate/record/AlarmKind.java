package io.hazardgate.record;

/** What kind of condition an alarm reports. Faults and no-data are never shown as hazards. */
public enum AlarmKind {
    THRESHOLD, TREND, NO_DATA, FAULT;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** Whether the alarm is about the monitored hazard, and so counts toward a hazard source's colour. */
    public boolean isHazard() { return this == THRESHOLD || this == TREND; }

    public static AlarmKind fromWireName(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
