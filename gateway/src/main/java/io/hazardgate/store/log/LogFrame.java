package io.hazardgate.store.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * On-disk layout of the durable log. A segment file {@code <baseOffset, 20 digits>.log} starts with a
 * header and holds frames back to back, big-endian:
 *
 * <pre>
 * segment header (16 bytes): int magic "HGLG", int version, long baseOffset
 * frame:                     int payloadLength, int crc32c, long appendedAt (epoch ms), payload
 * </pre>
 *
 * The CRC32C covers the length, the append time and the payload, so a torn or bit-flipped length is
 * caught like a damaged payload. A record's offset is its segment's base offset plus its index in the
 * segment.
 */
public final class LogFrame {
    static final int SEGMENT_MAGIC = 0x48474C47;
    static final int SEGMENT_VERSION = 1;
    public static final int SEGMENT_HEADER_BYTES = 16;
    static final int HEADER_BYTES = 16;
    static final String SEGMENT_SUFFIX = ".log";

    private LogFrame() {}

    /**
     * Checksum of the frame starting at {@code frameStart} in {@code buf}, whose payload is
     * {@code payloadLength} bytes; {@code buf}'s position and limit are restored.
     */
    static int checksum(CRC32C crc, ByteBuffer buf, int frameStart, int payloadLength) {
        int savedPosition = buf.position();
        int savedLimit = buf.limit();
        crc.reset();
        buf.limit(frameStart + 4).position(frameStart);
        crc.update(buf);
        buf.limit(frameStart + HEADER_BYTES + payloadLength).position(frameStart + 8);
        crc.update(buf);
        buf.limit(savedLimit).position(savedPosition);
        return (int) crc.getValue();
    }

    static String segmentName(long baseOffset) {
        return String.format("%020d%s", baseOffset, SEGMENT_SUFFIX);
    }

    /** The base offset a segment file is named for, or -1 if the name is not a segment's. */
    static long baseOffsetOf(Path file) {
        String name = file.getFileName().toString();
        if (name.length() != 20 + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) return -1;
        for (int i = 0; i < 20; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return -1;
        }
        return Long.parseLong(name.substring(0, 20));
    }

    static void writeSegmentHeader(ByteBuffer buf, long baseOffset) {
        buf.putInt(SEGMENT_MAGIC).putInt(SEGMENT_VERSION).putLong(baseOffset);
    }
}
