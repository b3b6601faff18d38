package io.hazardgate.store;

import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;

/** Builds log records the way ingest does, for tests and benchmarks. */
public final class Records {
    private Records() {}

    /**
     * A reading record of {@code count} readings of {@code site}, cycling through {@code tags}, reading
     * {@code i} at {@code ts0 + i} with value {@code i + 0.5}.
     */
    public static Bytes readings(String site, long ts0, int count, String... tags) {
        return readings(site, ts0, count, ReadingBatch.UNKNOWN_SENSOR + 1, tags);
    }

    /** As {@link #readings(String, long, int, String...)} with every reading given {@code sensorId}. */
    public static Bytes readings(String site, long ts0, int count, int sensorId, String... tags) {
        Bytes out = BufferBytes.allocate(64 + count * 40);
        ReadingBatch.writeHeader(out, 1, ts0, site.getBytes(StandardCharsets.UTF_8),
                "dtu-1".getBytes(StandardCharsets.UTF_8), count);
        Bytes[] tagBytes = new Bytes[tags.length];
        for (int i = 0; i < tags.length; i++) tagBytes[i] = BufferBytes.wrap(tags[i].getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            Bytes tag = tagBytes[i % tags.length];
            ReadingBatch.writeReading(out, sensorId, ts0 + i, i + 0.5, (byte) (i % 3), tag, 0, tag.readableBytes());
        }
        return out;
    }

    /** An opaque record of {@code length} bytes whose content says which it is. */
    public static Bytes opaque(int n, int length) {
        Bytes out = BufferBytes.allocate(length);
        for (int i = 0; i < length; i++) out.writeByte((byte) (n * 31 + i));
        return out;
    }
}
