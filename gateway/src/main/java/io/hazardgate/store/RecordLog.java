package io.hazardgate.store;

import io.netty.buffer.ByteBuf;

/**
 * The durable log every accepted record goes through before anything is acknowledged. Records are
 * opaque bytes whose first byte is the kind ({@link io.hazardgate.ingest.ReadingBatch#KIND} for readings,
 * {@link #ALARM_EVENT_KIND} for alarm events).
 */
public interface RecordLog {
    /** Record kind of an alarm event: the kind byte followed by the event's wire JSON. */
    byte ALARM_EVENT_KIND = 2;

    /**
     * Appends one record. Takes ownership of {@code record} (it is released by the log). Never blocks
     * the caller. {@code onDurable} runs once the record is on disk under the configured fsync policy;
     * it runs on the log's thread and must be quick (hand work to another thread).
     */
    void append(ByteBuf record, Runnable onDurable);
}
