package io.hazardgate.store.log;

import io.hazardgate.config.LogSettings;

/**
 * Operator settings of the log plus the sizes fixed in code.
 *
 * @param segmentBytes   a segment is rolled once it would grow past this; retention works per segment
 * @param maxRecordBytes a larger record is refused (an MQTT message is far smaller)
 * @param maxBatchBytes  a group commit stops taking records past this, to bound its latency and buffer
 */
public record LogOptions(LogSettings settings, long segmentBytes, int maxRecordBytes, int maxBatchBytes, SegmentOpener opener) {
    /** 64 MiB: a few seconds at full ingest, so shipped data is released in small steps. */
    static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    static final int DEFAULT_MAX_RECORD_BYTES = 16 << 20;
    static final int DEFAULT_MAX_BATCH_BYTES = 8 << 20;

    /** Segments are at most an eighth of the disk budget, so retention can always free part of it. */
    public static LogOptions of(LogSettings settings) {
        long segment = Math.min(DEFAULT_SEGMENT_BYTES, Math.max(1L << 20, settings.maxBytes() / 8));
        return new LogOptions(settings, segment, DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_BATCH_BYTES, SegmentOpener.FILES);
    }

    public LogOptions withSegmentBytes(long bytes) {
        return new LogOptions(settings, bytes, maxRecordBytes, maxBatchBytes, opener);
    }

    LogOptions withOpener(SegmentOpener o) {
        return new LogOptions(settings, segmentBytes, maxRecordBytes, maxBatchBytes, o);
    }
}
