package io.hazardgate.store.writer;

/**
 * Keeps the store's tables the gateway's own, for the store writer: a write the store answered with
 * success may still be lost if its table was dropped around it, and a table that comes back by the
 * store's auto-create has none of the schema the gateway gives it. The writer reads
 * {@link #generation()} before a write and {@link #check()}s after it: a new generation means a table
 * was dropped or replaced meanwhile, and the write is made again.
 */
public interface TableGuard {
    /** Grows each time a table was found dropped or replaced (and recreated). */
    long generation();

    /**
     * Looks at the tables now: recreates a missing one with its schema, restores what can be restored
     * (deduplication keys, retention) and remembers what cannot. Never throws: a store that cannot be
     * asked is not judged.
     */
    void check();

    /** For an external store whose tables the gateway cannot see. */
    TableGuard NONE = new TableGuard() {
        @Override public long generation() { return 0; }

        @Override public void check() {}
    };
}
