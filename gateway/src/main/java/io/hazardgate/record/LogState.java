package io.hazardgate.record;

/** Whether the durable log wants more records; ingest pauses publishers in any state but ACCEPTING. */
public enum LogState {
    /** Normal operation. */
    ACCEPTING,
    /**
     * Unshipped records fill the disk budget (the store is down or slow). Records that still arrive are
     * written, but publishers should be paused until the store catches up.
     */
    BUDGET_REACHED,
    /** Writes are failing (disk full, I/O error): records are refused and never acknowledged. */
    FAILING;

    public boolean isAccepting() { return this == ACCEPTING; }
}
