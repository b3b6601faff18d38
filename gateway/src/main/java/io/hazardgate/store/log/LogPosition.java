package io.hazardgate.store.log;

/**
 * A point in the durable log: the offset of the next record and where that record starts on disk.
 *
 * @param offset      offset of the record at this position (one past the last record read)
 * @param segmentBase base offset of the segment holding it
 * @param position    byte position of its frame in that segment
 */
public record LogPosition(long offset, long segmentBase, long position) {
    /** The first record of the segment with this base offset. */
    public static LogPosition segmentStart(long segmentBase) {
        return new LogPosition(segmentBase, segmentBase, LogFrame.SEGMENT_HEADER_BYTES);
    }
}
