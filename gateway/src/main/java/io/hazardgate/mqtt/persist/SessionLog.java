package io.hazardgate.mqtt.persist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The durable log the session store writes its records to: CRC-framed records, group commit, crash
 * recovery (the wiring gives it the store's {@code StateLog}). Every method but {@link #replay} is safe
 * from any thread and never blocks.
 */
public interface SessionLog extends AutoCloseable {
    /**
     * Feeds every intact record not yet superseded by a compaction's snapshot, oldest first (the buffer
     * is valid during the call only); damaged ones are reported by the log and skipped. Called once, before anything is appended.
     *
     * @return how many damaged records were skipped
     */
    long replay(Consumer<ByteBuffer> each) throws IOException;

    /** Appends a record; exactly one callback runs, on the log's thread, once it is durable or has failed. */
    void append(byte[] record, Runnable onDurable, Consumer<Exception> onFailed);

    /**
     * Runs {@code onDurable} with the log's end offset once everything appended before is durable;
     * records appended after this call lie at or after that offset.
     */
    void afterDurable(LongConsumer onDurable, Consumer<Exception> onFailed);

    /** Every record before {@code offset} is superseded by a snapshot written after it: it may go. */
    void supersede(long offset);

    /** Bytes on disk. */
    long sizeBytes();

    /** Whether writes fail now. */
    boolean failing();

    @Override
    void close();
}
