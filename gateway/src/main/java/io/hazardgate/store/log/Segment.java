package io.hazardgate.store.log;

import java.nio.file.Path;

/**
 * What the log knows of one segment file. Written only by the log's thread; the store writer reads
 * the volatile fields to know how far a segment may be read.
 */
public final class Segment {
    public final long baseOffset;
    public final Path path;
    /** Bytes of valid frames (header included); nothing past it is ever read. */
    public volatile long size;
    volatile long records;
    /** Readings in its records (see {@link RecordReadings}). */
    public volatile long readings;
    /** Append time of the last record, epoch ms; 0 while empty. Retention by age uses it. */
    volatile long lastAppendedAt;
    /** No more records will be written to it. */
    volatile boolean sealed;

    Segment(long baseOffset, Path path) {
        this.baseOffset = baseOffset;
        this.path = path;
    }

    /** One past the offset of its last record. */
    long endOffset() { return baseOffset + records; }

    @Override
    public String toString() { return path.getFileName().toString(); }
}
