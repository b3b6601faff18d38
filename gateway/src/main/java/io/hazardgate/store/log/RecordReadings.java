package io.hazardgate.store.log;

import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.ByteBuffer;

/**
 * How many readings a log record carries, read from its header without decoding it: the log counts
 * readings as it appends and the store writer as it ships, so the lag can be told in readings, the
 * unit operators think in, not only in records. Anything that is not a well-formed reading record
 * counts zero, the same on both sides.
 */
public final class RecordReadings {
    /** Kind, generation, received-at, site length: the bytes before the site id. */
    private static final int SITE_LENGTH_AT = 13;

    private RecordReadings() {}

    public static int of(ByteBuffer buf, int index, int length) {
        if (length < SITE_LENGTH_AT + 2 || buf.get(index) != ReadingBatch.KIND) return 0;
        int device = SITE_LENGTH_AT + 2 + Short.toUnsignedInt(buf.getShort(index + SITE_LENGTH_AT));
        if (device + 2 > length) return 0;
        int count = device + 2 + Short.toUnsignedInt(buf.getShort(index + device));
        return count + 4 > length ? 0 : Math.max(0, buf.getInt(index + count));
    }

    public static int of(Bytes buf, int index, int length) {
        if (length < SITE_LENGTH_AT + 2 || buf.getByte(index) != ReadingBatch.KIND) return 0;
        int device = SITE_LENGTH_AT + 2 + buf.getUnsignedShort(index + SITE_LENGTH_AT);
        if (device + 2 > length) return 0;
        int count = device + 2 + buf.getUnsignedShort(index + device);
        return count + 4 > length ? 0 : Math.max(0, buf.getInt(index + count));
    }
}
