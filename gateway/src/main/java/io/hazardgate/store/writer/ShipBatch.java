package io.hazardgate.store.writer;

import io.hazardgate.store.log.LogPosition;

/**
 * One unit of shipping: the lines of consecutive log records, readings and alarm events apart (they
 * are sent with different timestamp precisions), and the log position just after the last record.
 * Batches are pooled and reused, so their builders keep their capacity.
 */
final class ShipBatch {
    final StringBuilder readings = new StringBuilder(1 << 16);
    final StringBuilder alarms = new StringBuilder(1 << 10);
    int readingLines;
    int alarmLines;
    int records;
    long firstOffset;
    long lastOffset;
    long firstAppendedAt;
    long startedNanos;
    LogPosition end;
    /** The segment {@link #end} lies in, and how many readings of the batch are in that segment. */
    long endSegmentBase = -1;
    long readingsInEndSegment;
    boolean readingsWritten;
    boolean alarmsWritten;
    boolean done;

    void reset() {
        readings.setLength(0);
        alarms.setLength(0);
        readingLines = 0;
        alarmLines = 0;
        records = 0;
        end = null;
        endSegmentBase = -1;
        readingsInEndSegment = 0;
        readingsWritten = false;
        alarmsWritten = false;
        done = false;
    }

    int lines() { return readingLines + alarmLines; }

    int chars() { return readings.length() + alarms.length(); }

    boolean isEmpty() { return records == 0; }
}
