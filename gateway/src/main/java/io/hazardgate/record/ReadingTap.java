package io.hazardgate.record;


/**
 * A read-only view of accepted readings (the control room's latest values). Unlike the alarm engine
 * it may fall behind and drop (counted): it never refuses a message, and it never blocks.
 */
public interface ReadingTap {
    /** Sees an accepted {@link ReadingBatch} record; retains what it keeps. */
    void onRecord(Bytes record);

    ReadingTap NONE = record -> {};
}
