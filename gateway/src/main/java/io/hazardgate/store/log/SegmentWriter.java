package io.hazardgate.store.log;

import io.hazardgate.config.FsyncPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Writes frames to the active segment and rolls to a new one when it is full. Used only by the log's
 * thread. After a failed write the bytes past the last committed size are truncated before anything
 * else is written, so a failure never leaves garbage between valid records.
 */
final class SegmentWriter implements AutoCloseable {
    private final Path dir;
    private final LogOptions options;
    private final Segments segments;
    private final StoreMetrics metrics;
    private Segment segment;
    private FileChannel channel;
    private long writePos;
    private boolean needsRepair;
    private boolean unforced;

    SegmentWriter(Path dir, LogOptions options, Segments segments, StoreMetrics metrics) throws IOException {
        this.dir = dir;
        this.options = options;
        this.segments = segments;
        this.metrics = metrics;
        Segment last = segments.last();
        if (last == null) {
            Created first = create(0);
            segment = first.segment;
            channel = first.channel;
            writePos = segment.size;
            segments.add(segment);
        } else {
            segment = last;
            channel = options.opener().open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            writePos = last.size;
        }
    }

    Segment segment() { return segment; }

    /** Bytes of frames the active segment still takes before it should roll. */
    long room() { return options.segmentBytes() - writePos; }

    /** Whether the active segment holds no frame yet; it then takes even a record larger than {@link #room()}. */
    boolean isEmpty() { return writePos == LogFrame.SEGMENT_HEADER_BYTES; }

    void write(ByteBuffer frames) throws IOException {
        if (needsRepair) repair();
        needsRepair = true;
        while (frames.hasRemaining()) writePos += channel.write(frames, writePos);
        needsRepair = false;
        unforced = true;
    }

    /** Records that {@code records} frames just written, holding {@code readings} readings, are part of the segment. */
    void commit(int records, long readings, long appendedAt) {
        segment.size = writePos;
        segment.readings += readings;
        segment.records += records;
        if (records > 0) segment.lastAppendedAt = appendedAt;
    }

    boolean hasUnforcedWrites() { return unforced; }

    void force() throws IOException {
        long start = System.nanoTime();
        channel.force(false);
        metrics.fsync.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        unforced = false;
    }

    /** Seals the active segment (forcing it unless the policy leaves that to the OS) and starts the next. */
    void roll() throws IOException {
        if (needsRepair) repair();
        Created next = create(segment.endOffset());
        try {
            if (options.settings().fsync() != FsyncPolicy.OS && unforced) force();
        } catch (IOException e) {
            next.channel.close();
            Files.deleteIfExists(next.segment.path);
            throw e;
        }
        channel.close();
        segment.sealed = true;
        segment = next.segment;
        channel = next.channel;
        writePos = segment.size;
        unforced = false;
        segments.add(segment);
    }

    /** Marks the bytes after the last commit as garbage, to be truncated before the next write. */
    void failed() { needsRepair = true; }

    private void repair() throws IOException {
        channel.truncate(segment.size);
        writePos = segment.size;
        needsRepair = false;
    }

    private record Created(Segment segment, FileChannel channel) {}

    /** Creates a segment file with its header. */
    private Created create(long baseOffset) throws IOException {
        Path path = dir.resolve(LogFrame.segmentName(baseOffset));
        FileChannel ch = options.opener().open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = ByteBuffer.allocate(LogFrame.SEGMENT_HEADER_BYTES);
            LogFrame.writeSegmentHeader(header, baseOffset);
            header.flip();
            while (header.hasRemaining()) ch.write(header, header.position());
            if (options.settings().fsync() != FsyncPolicy.OS) {
                ch.force(true);
                forceDirectory();
            }
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
        Segment s = new Segment(baseOffset, path);
        s.size = LogFrame.SEGMENT_HEADER_BYTES;
        return new Created(s, ch);
    }

    /** A new file's name is durable only once its directory is forced. */
    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        if (channel == null) return;
        try {
            if (unforced && options.settings().fsync() != FsyncPolicy.OS) force();
        } finally {
            channel.close();
            channel = null;
        }
    }
}
