package io.hazardgate.clock;

/** What the operating system says of its clock's synchronisation. */
public enum ClockSync {
    SYNCHRONISED, UNSYNCHRONISED,
    /** No source could say (no timedatectl or chronyc, or they failed). */
    UNKNOWN
}
