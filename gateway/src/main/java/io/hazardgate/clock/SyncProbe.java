package io.hazardgate.clock;

/** Asks the operating system whether its clock is synchronised. May block for a few seconds. */
@FunctionalInterface
public interface SyncProbe {
    /** The state and where it came from, e.g. {@code timedatectl}. */
    record Answer(ClockSync sync, String source) {}

    Answer probe();

    /** A probe that never knows (the check is switched off). */
    SyncProbe OFF = () -> new Answer(ClockSync.UNKNOWN, "check switched off");
}
