package io.hazardgate.store.log;

import io.hazardgate.record.Bytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads durable records in order from a position, segment after segment, never past what the log has
 * made durable. Checksums are verified again on the way out: a record damaged on disk since it was
 * written is reported with its segment and position and skipped, the ones after it are still read.
 * Used by one thread.
 */
public final class LogReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);
    private static final int READ_BUFFER_BYTES = 4 << 20;

    private final DurableLog log;
    private Segment segment;
    private FileChannel channel;
    private SegmentReader reader;
    private long nextOffset;
    private long recordOffset = -1;
    private long pendingSeek;

    LogReader(DurableLog log, LogPosition from) {
        this.log = log;
        this.nextOffset = from.offset();
        this.segment = log.segments().get(from.segmentBase());
        if (segment == null) throw new IllegalArgumentException("no log segment with base offset " + from.segmentBase());
        this.pendingSeek = from.position();
    }

    /** Moves to the next durable record; false when there is none yet. */
    public boolean next() throws IOException {
        while (true) {
            LogPosition end = log.end();
            if (segment.baseOffset > end.segmentBase()) return false;
            boolean active = segment.baseOffset == end.segmentBase();
            long limit = active ? end.position() : segment.size;
            if (channel == null) open();
            SegmentReader.Result r = reader.next(limit);
            if (r == SegmentReader.Result.RECORD) {
                recordOffset = nextOffset++;
                return true;
            }
            if (r == SegmentReader.Result.CORRUPT) {
                long bad = reader.position();
                String why = reader.corruption();
                long resumed = reader.resync(limit);
                log.metrics().corruptRecords.increment();
                if (resumed < 0) reader.seek(limit);
                LOG.error("Log segment {}: corrupt record at byte {} ({}) skipped while reading; {}", segment.path, bad,
                        why, resumed < 0 ? "nothing readable after it" : "resuming at byte " + resumed);
                continue;
            }
            if (active) return false;
            Segment following = log.segments().after(segment.baseOffset);
            if (following == null) return false;
            closeChannel();
            segment = following;
            nextOffset = following.baseOffset;
            pendingSeek = LogFrame.SEGMENT_HEADER_BYTES;
        }
    }

    /** Offset of the current record. */
    public long offset() { return recordOffset; }

    /** When the log wrote the current record, epoch ms. */
    public long appendedAt() { return reader.appendedAt(); }

    /** Buffer holding the current record; valid until {@link #next()}. */
    public Bytes buffer() { return reader.payloadBuffer(); }

    /** Index of the current record's first byte (its kind) in {@link #buffer()}. */
    public int index() { return reader.payloadIndex(); }

    public int length() { return reader.payloadLength(); }

    /** The position just after the current record: where to resume once it is shipped. */
    public LogPosition position() {
        return new LogPosition(nextOffset, segment.baseOffset, channel == null ? pendingSeek : reader.position());
    }

    private void open() throws IOException {
        channel = FileChannel.open(segment.path, StandardOpenOption.READ);
        if (reader == null) {
            reader = new SegmentReader(channel, pendingSeek, log.options().maxRecordBytes(), READ_BUFFER_BYTES);
        } else {
            reader.reset(channel, pendingSeek);
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }

    @Override
    public void close() throws IOException { closeChannel(); }
}
