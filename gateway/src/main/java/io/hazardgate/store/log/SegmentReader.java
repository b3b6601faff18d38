package io.hazardgate.store.log;

import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads and verifies frames of one segment through a reusable buffer; used by start-up recovery and by
 * the store writer. Never reads past the limit it is given, so bytes being written are never seen.
 */
public final class SegmentReader {
    /** What {@link #next(long)} found. */
    public enum Result { RECORD, END, CORRUPT }

    private FileChannel channel;
    private final int maxRecordBytes;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf;
    private Bytes view;
    /** File position of {@code buf[0]}; {@code buf.limit()} bytes from it are loaded. */
    private long bufStart;
    private long position;

    private long frameStart;
    private int payloadLength;
    private long appendedAt;
    private String corruption;

    public SegmentReader(FileChannel channel, long position, int maxRecordBytes, int bufferBytes) {
        this.channel = channel;
        this.position = position;
        this.maxRecordBytes = maxRecordBytes;
        allocate(bufferBytes);
    }

    /** Reads another segment from {@code newPosition}, keeping the buffer. */
    void reset(FileChannel newChannel, long newPosition) {
        channel = newChannel;
        position = newPosition;
        bufStart = 0;
        buf.limit(0);
    }

    /** Reads the frame at the current position if it lies entirely before {@code limit}. */
    public Result next(long limit) throws IOException {
        if (limit - position < LogFrame.HEADER_BYTES) return Result.END;
        load(position, LogFrame.HEADER_BYTES);
        int at = (int) (position - bufStart);
        int length = buf.getInt(at);
        if (length <= 0 || length > maxRecordBytes) {
            corruption = "impossible record length " + length;
            return Result.CORRUPT;
        }
        if (limit - position < LogFrame.HEADER_BYTES + (long) length) return Result.END;
        load(position, LogFrame.HEADER_BYTES + length);
        at = (int) (position - bufStart);
        if (LogFrame.checksum(crc, buf, at, length) != buf.getInt(at + 4)) {
            corruption = "checksum mismatch";
            return Result.CORRUPT;
        }
        frameStart = position;
        payloadLength = length;
        appendedAt = buf.getLong(at + 8);
        position += LogFrame.HEADER_BYTES + length;
        return Result.RECORD;
    }

    /**
     * Looks for the next intact frame after a corrupt one, byte by byte, so that the records after a
     * damaged one are not lost. Returns its position (and moves there), or -1 if there is none.
     */
    public long resync(long limit) throws IOException {
        for (long p = position + 1; limit - p >= LogFrame.HEADER_BYTES; p++) {
            load(p, LogFrame.HEADER_BYTES);
            int length = buf.getInt((int) (p - bufStart));
            if (length <= 0 || length > maxRecordBytes || limit - p < LogFrame.HEADER_BYTES + (long) length) continue;
            load(p, LogFrame.HEADER_BYTES + length);
            int at = (int) (p - bufStart);
            if (LogFrame.checksum(crc, buf, at, length) == buf.getInt(at + 4)) {
                position = p;
                return p;
            }
        }
        return -1;
    }

    /** Position of the next frame to read. */
    public long position() { return position; }

    void seek(long newPosition) { position = newPosition; }

    /** Why the last {@link Result#CORRUPT} frame was rejected. */
    String corruption() { return corruption; }

    long frameStart() { return frameStart; }

    long appendedAt() { return appendedAt; }

    int payloadLength() { return payloadLength; }

    /** Readings in the last record (see {@link RecordReadings}). */
    public int payloadReadings() { return RecordReadings.of(buf, (int) (frameStart - bufStart) + LogFrame.HEADER_BYTES, payloadLength); }

    /** The buffer holding the last record's payload, valid until the next call; see {@link #payloadIndex()}. */
    Bytes payloadBuffer() { return view; }

    int payloadIndex() { return (int) (frameStart - bufStart) + LogFrame.HEADER_BYTES; }

    /** Makes {@code [filePos, filePos + n)} present in the buffer, reading ahead as far as it holds. */
    private void load(long filePos, int n) throws IOException {
        if (filePos >= bufStart && filePos + n <= bufStart + buf.limit()) return;
        if (n > buf.capacity()) allocate(Integer.highestOneBit(n - 1) << 1);
        buf.clear();
        bufStart = filePos;
        while (buf.position() < n) {
            int r = channel.read(buf, filePos + buf.position());
            if (r < 0) throw new IOException("segment ends before " + (filePos + n) + " bytes (size " + channel.size() + ")");
        }
        buf.flip();
    }

    private void allocate(int bytes) {
        buf = ByteBuffer.allocateDirect(bytes);
        buf.limit(0);
        bufStart = 0;
        view = BufferBytes.wrap(buf.duplicate().clear());
    }
}
