package io.hazardgate.store;

import io.hazardgate.config.FsyncPolicy;
import io.hazardgate.config.LogSettings;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.LogState;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogPosition;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.log.LogReader;
import io.hazardgate.store.log.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A durable log of state changes, for a part of the gateway that keeps its state as records (the MQTT
 * session store): the same segments of CRC-framed records, group commit, crash recovery and damaged-record
 * reporting as the ingest log, without a store writer behind it. Its owner compacts it: it writes its
 * whole state again after a barrier ({@link #afterDurable}) and then declares every record before the
 * barrier superseded ({@link #supersede}); sealed segments that hold only superseded records are deleted
 * within a second. Records are opaque bytes; their owner versions them.
 */
public final class StateLog implements AutoCloseable {
    /** Meter prefix of the MQTT session store's log. */
    public static final String SESSIONS_METER_PREFIX = StoreMetrics.SESSION_LOG_PREFIX;
    /** Small segments, so a compaction frees nearly everything it supersedes. */
    static final long SEGMENT_BYTES = 4L << 20;
    /** The log has no disk budget of its own: it holds state, which its owner bounds, not a backlog. */
    private static final long NO_BUDGET = Long.MAX_VALUE / 4;

    /** Where everything before is superseded: what retention may delete up to and where the replay starts. */
    private static final LogCursor.Spec SUPERSEDED = new LogCursor.Spec("superseded", LogCursor.Start.OLDEST, false,
            "everything before this position is superseded by a later snapshot");
    private final DurableLog log;
    private long damagedAtOpen;

    private StateLog(DurableLog log) {
        this.log = log;
    }

    /**
     * Opens (recovering) the log in {@code dir}.
     *
     * @param fsync         when group commits are forced to the device, as for the ingest log
     * @param fsyncInterval how often under {@link FsyncPolicy#INTERVAL}
     * @param meterPrefix   the start of its meters' names, e.g. {@link StoreMetrics#SESSION_LOG_PREFIX}
     */
    public static StateLog open(Path dir, FsyncPolicy fsync, Duration fsyncInterval, String meterPrefix,
                                MeterRegistry registry, Clock clock) throws IOException {
        return open(dir, fsync, fsyncInterval, meterPrefix, registry, clock, SEGMENT_BYTES);
    }

    /** As {@link #open(Path, FsyncPolicy, Duration, String, MeterRegistry, Clock)} with segments of {@code segmentBytes}. */
    public static StateLog open(Path dir, FsyncPolicy fsync, Duration fsyncInterval, String meterPrefix,
                                MeterRegistry registry, Clock clock, long segmentBytes) throws IOException {
        // maxAge 0: a superseded segment goes at once; it is never needed again
        LogSettings settings = new LogSettings(fsync, fsyncInterval, NO_BUDGET, Duration.ZERO);
        LogOptions options = LogOptions.of(settings).withSegmentBytes(segmentBytes);
        return new StateLog(DurableLog.open(dir, options, clock, new StoreMetrics(registry, meterPrefix), List.of(SUPERSEDED)));
    }

    /**
     * Feeds every intact record from where the last {@link #supersede} left off, oldest first, to
     * {@code each} (the buffer is valid during the call only).
     * A damaged record is reported (log line, the log's {@code corrupt.records} meter) and skipped; the
     * records after it are read. Call once, before appending.
     *
     * <p>It starts at the segment where the last {@link #supersede} left off, not at the oldest segment on
     * disk: the segments before it hold only superseded records, and retention deletes them on the log's
     * own thread while this reads.
     *
     * @return how many damaged records were skipped, at opening and while reading
     */
    public long replay(Consumer<ByteBuffer> each) throws IOException {
        long before = log.corruptRecordsSeen();
        try (LogReader reader = log.reader(log.cursor(SUPERSEDED.name()).committed())) {
            while (reader.next()) {
                byte[] copy = new byte[reader.length()];
                reader.buffer().getBytes(reader.index(), copy, 0, copy.length);
                each.accept(ByteBuffer.wrap(copy));
            }
        }
        // the recovery at opening counted what it skipped too; the reader counts each damaged record again
        damagedAtOpen = log.corruptRecordsSeen() - before;
        return damagedAtOpen;
    }

    /** Damaged records {@link #replay} skipped. */
    public long damagedRecords() { return damagedAtOpen; }

    /** Appends a record; never blocks. Exactly one callback runs, on the log's thread (or the caller's if refused). */
    public void append(byte[] record, Runnable onDurable, Consumer<Exception> onFailed) {
        log.append(BufferBytes.wrap(record), onDurable, onFailed);
    }

    /**
     * Runs {@code onDurable} with the log's end offset once everything appended before is durable: records
     * appended after this call lie at or after that offset.
     */
    public void afterDurable(LongConsumer onDurable, Consumer<Exception> onFailed) {
        log.afterDurable(() -> onDurable.accept(log.end().offset()), onFailed);
    }

    /** Every record before {@code offset} is superseded by later ones: the segments holding only those go. */
    public void supersede(long offset) {
        long base = -1;
        for (var seg : log.segments().inOrder()) {
            if (seg.baseOffset <= offset) base = Math.max(base, seg.baseOffset);
        }
        if (base < 0) return;
        try {
            // the start of the segment holding the offset: the segments wholly before it go, as they would for the offset
            log.cursor(SUPERSEDED.name()).commit(LogPosition.segmentStart(base));
        } catch (IOException e) {
            // the position holds in memory; the file keeps the one before, where the next start's replay then
            // begins: it reads more superseded records, never fewer live ones
        }
    }

    /** Bytes of its segments on disk. */
    public long sizeBytes() {
        long total = 0;
        for (var s : log.segments().inOrder()) total += s.size;
        return total;
    }

    /** Whether writes fail now (records are refused until they succeed again). */
    public boolean failing() { return log.state() == LogState.FAILING; }

    public Path directory() { return log.directory(); }

    /** Writes what is queued, forces it and closes. */
    @Override
    public void close() { log.close(); }
}
