package io.hazardgate.store.log;

import io.hazardgate.config.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of queued records as frames with a single write (two when the segment rolls) and,
 * under {@link FsyncPolicy#EVERY_BATCH}, one fsync; then runs every record's callback in append order.
 * Used only by the log's thread.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final SegmentWriter writer;
    private final LogOptions options;
    private final StoreMetrics metrics;
    private final Clock clock;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

    GroupCommit(SegmentWriter writer, LogOptions options, StoreMetrics metrics, Clock clock) {
        this.writer = writer;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What {@link #write} achieved: the records before {@code durable} are durable, the rest failed with {@code failure}. */
    record Outcome(int durable, IOException failure, long bytes) {}

    /**
     * Writes the batch and forces it as the policy says. Records from the returned index on could not be
     * made durable; {@link #complete} then fails them, never acknowledging them.
     */
    Outcome write(List<PendingAppend> batch) {
        long appendedAt = clock.millis();
        int durable = 0;
        int inBuffer = 0;
        long readingsInBuffer = 0;
        long bytes = 0;
        IOException failure = null;
        buf.clear();
        try {
            for (int i = 0; i < batch.size(); i++) {
                PendingAppend p = batch.get(i);
                if (p.record == null) continue; // a barrier: nothing to write
                int length = p.record.readableBytes();
                if (length == 0 || length > options.maxRecordBytes()) {
                    p.refusal = new IllegalArgumentException("record of " + length + " bytes refused: the log takes 1 to "
                            + options.maxRecordBytes() + " bytes");
                    continue;
                }
                int frame = LogFrame.HEADER_BYTES + length;
                if (buf.position() + (long) frame > writer.room()) {
                    if (inBuffer > 0) {
                        flush(inBuffer, readingsInBuffer, appendedAt);
                        inBuffer = 0;
                        readingsInBuffer = 0;
                    }
                    if (writer.room() < frame && !writer.isEmpty()) {
                        writer.roll();
                        durable = i;
                    }
                }
                readingsInBuffer += put(p, length, appendedAt);
                bytes += length;
                inBuffer++;
            }
            if (inBuffer > 0) flush(inBuffer, readingsInBuffer, appendedAt);
            if (options.settings().fsync() == FsyncPolicy.EVERY_BATCH && writer.hasUnforcedWrites()) writer.force();
            durable = batch.size();
        } catch (IOException e) {
            writer.failed();
            failure = e;
        }
        return new Outcome(durable, failure, bytes);
    }

    /** Adds the record's frame to the buffer and returns how many readings it holds. */
    private int put(PendingAppend p, int length, long appendedAt) {
        int frame = LogFrame.HEADER_BYTES + length;
        if (buf.remaining() < frame) grow(buf.position() + frame);
        int start = buf.position();
        buf.putInt(length).putInt(0).putLong(appendedAt);
        int payloadEnd = buf.position() + length;
        int limit = buf.limit();
        buf.limit(payloadEnd);
        p.record.getBytes(p.record.readerIndex(), buf);
        buf.limit(limit);
        buf.putInt(start + 4, LogFrame.checksum(crc, buf, start, length));
        return RecordReadings.of(buf, start + LogFrame.HEADER_BYTES, length);
    }

    private void flush(int records, long readings, long appendedAt) throws IOException {
        buf.flip();
        writer.write(buf);
        writer.commit(records, readings, appendedAt);
        buf.clear();
    }

    private void grow(int needed) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(Integer.highestOneBit(needed - 1) << 1);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    /**
     * Runs every record's callback in append order and releases the records. The batch is counted
     * first, so whoever a callback wakes sees the metrics that include its record.
     */
    void complete(List<PendingAppend> batch, Outcome outcome) {
        int durable = outcome.durable();
        int ok = 0;
        for (int i = 0; i < Math.min(durable, batch.size()); i++) {
            PendingAppend p = batch.get(i);
            if (p.record != null && p.refusal == null) ok++;
        }
        metrics.logAppends.increment(ok);
        if (outcome.failure() == null) metrics.logAppendBytes.increment(outcome.bytes());
        metrics.batchRecords.record(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PendingAppend p = batch.get(i);
            if (p.record == null) {
                if (i < durable) {
                    run(p.onDurable);
                } else {
                    notify(p, outcome.failure());
                }
                continue;
            }
            p.record.release();
            if (p.refusal != null) {
                fail(p, p.refusal);
            } else if (i < durable) {
                run(p.onDurable);
            } else {
                fail(p, outcome.failure());
            }
        }
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("A log durability callback failed", e);
        }
    }

    private void fail(PendingAppend p, Exception cause) {
        metrics.logAppendFailures.increment();
        notify(p, cause);
    }

    private static void notify(PendingAppend p, Exception cause) {
        try {
            p.onFailed.accept(cause);
        } catch (RuntimeException e) {
            LOG.warn("A log failure callback failed", e);
        }
    }
}
