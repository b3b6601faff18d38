package io.hazardgate.record;

import java.util.function.Consumer;

/**
 * The durable log every accepted record goes through before anything is acknowledged. Records are
 * opaque bytes whose first byte is the kind ({@link io.hazardgate.record.ReadingBatch#KIND} for readings,
 * {@link #ALARM_EVENT_KIND} for alarm events).
 */
public interface RecordLog {
    /** Record kind of an alarm event: the kind byte followed by the event's wire JSON. */
    byte ALARM_EVENT_KIND = 2;
    /** Record kind of a notification's delivery record: the kind byte followed by its JSON (docs/response.md). */
    byte DELIVERY_KIND = 3;

    /**
     * Appends one record. Takes ownership of {@code record} (it is released by the log). Never blocks
     * the caller. {@code onDurable} runs once the record is on disk under the configured fsync policy;
     * it runs on the log's thread and must be quick (hand work to another thread). If the record cannot
     * be made durable, {@code onDurable} never runs: the record must not be acknowledged.
     */
    void append(Bytes record, Runnable onDurable);

    /**
     * As {@link #append(Bytes, Runnable)}, and {@code onFailed} runs instead of {@code onDurable} when
     * the record could not be made durable (disk full, I/O error, record too large, log closed), so the
     * caller can refuse it explicitly. Exactly one of the two callbacks runs, on the log's thread or,
     * for a record refused up front, on the caller's.
     */
    default void append(Bytes record, Runnable onDurable, Consumer<Exception> onFailed) {
        append(record, onDurable);
    }

    /**
     * The log's state. Publishers should be paused while it is not {@link LogState#ACCEPTING}: the disk
     * budget is reached (records are still written, never dropped) or writes are failing.
     */
    default LogState state() {
        return LogState.ACCEPTING;
    }

    /** Registers a listener told of every change of {@link #state()}; it runs on the log's thread. */
    default void addStateListener(Consumer<LogState> listener) {}
}
