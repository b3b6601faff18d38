package io.hazardgate.record;

import java.nio.charset.StandardCharsets;

/**
 * The binary form of one accepted telemetry message: what the durable log stores, what the alarm
 * shards evaluate and what the store writer ships. A flyweight over a {@link Bytes}: reading it
 * allocates nothing. Big-endian layout:
 *
 * <pre>
 * byte   kind            = {@link #KIND}
 * int    configGeneration  sensor ids below are valid only in this generation of the config
 * long   receivedAt        gateway clock, epoch ms
 * short  siteLength,   UTF-8 site id
 * short  deviceLength, UTF-8 device id
 * int    count
 * count × reading:
 *   int    sensorId      dense id in the config generation; {@link #UNKNOWN_SENSOR} for a tag not configured
 *   long   ts            the reading's own timestamp, epoch ms
 *   double value
 *   byte   quality       {@link Quality#code()}
 *   byte   tagLength, UTF-8 tag
 * </pre>
 *
 * Tags and site are stored as text so that the log stays readable after the config changes.
 */
public final class ReadingBatch {
    public static final byte KIND = 1;
    public static final int UNKNOWN_SENSOR = -1;
    /** Fixed bytes per reading before its tag. */
    public static final int READING_FIXED_BYTES = 4 + 8 + 8 + 1 + 1;
    static final int GENERATION_OFFSET = 1;
    static final int RECEIVED_AT_OFFSET = 5;
    static final int SITE_OFFSET = 13;

    private Bytes buf;
    private int base;
    private int deviceOffset;
    private int countOffset;
    private int cursor;
    private int remaining;
    // current reading
    private int sensorId;
    private long ts;
    private double value;
    private byte quality;
    private int tagOffset;
    private int tagLength;

    /** Points this flyweight at the record starting at {@code buf.readerIndex()}; resets iteration. */
    public ReadingBatch wrap(Bytes buf) {
        return wrap(buf, buf.readerIndex());
    }

    public ReadingBatch wrap(Bytes buf, int offset) {
        if (buf.getByte(offset) != KIND) throw new IllegalArgumentException("not a reading batch: kind " + buf.getByte(offset));
        this.buf = buf;
        this.base = offset;
        int siteLen = buf.getUnsignedShort(offset + SITE_OFFSET);
        this.deviceOffset = offset + SITE_OFFSET + 2 + siteLen;
        int deviceLen = buf.getUnsignedShort(deviceOffset);
        this.countOffset = deviceOffset + 2 + deviceLen;
        rewind();
        return this;
    }

    /** Starts iterating the readings again from the first. */
    public void rewind() {
        this.remaining = buf.getInt(countOffset);
        this.cursor = countOffset + 4;
    }

    public int configGeneration() { return buf.getInt(base + GENERATION_OFFSET); }

    public long receivedAt() { return buf.getLong(base + RECEIVED_AT_OFFSET); }

    public int count() { return buf.getInt(countOffset); }

    public String site() {
        return buf.toString(base + SITE_OFFSET + 2, buf.getUnsignedShort(base + SITE_OFFSET), StandardCharsets.UTF_8);
    }

    public String device() {
        return buf.toString(deviceOffset + 2, buf.getUnsignedShort(deviceOffset), StandardCharsets.UTF_8);
    }

    /** Offset just past the record, for a reader walking several records in one buffer. */
    public int endOffset() {
        int save = cursor;
        int left = remaining;
        int c = countOffset + 4;
        for (int i = buf.getInt(countOffset); i > 0; i--) c += READING_FIXED_BYTES + buf.getUnsignedByte(c + READING_FIXED_BYTES - 1);
        cursor = save;
        remaining = left;
        return c;
    }

    /** Advances to the next reading; false when there are no more. */
    public boolean next() {
        if (remaining == 0) return false;
        remaining--;
        Bytes b = buf;
        int c = cursor;
        sensorId = b.getInt(c);
        ts = b.getLong(c + 4);
        value = b.getDouble(c + 12);
        quality = b.getByte(c + 20);
        tagLength = b.getUnsignedByte(c + 21);
        tagOffset = c + READING_FIXED_BYTES;
        cursor = tagOffset + tagLength;
        return true;
    }

    public int sensorId() { return sensorId; }

    public long ts() { return ts; }

    public double value() { return value; }

    public byte qualityCode() { return quality; }

    public Quality quality() { return Quality.ofCode(quality); }

    /** The buffer holding the current reading's tag bytes; see {@link #tagOffset()}. */
    public Bytes buffer() { return buf; }

    public int tagOffset() { return tagOffset; }

    public int tagLength() { return tagLength; }

    public String tag() { return buf.toString(tagOffset, tagLength, StandardCharsets.UTF_8); }

    /** Writes a record header; follow with {@link #writeReading} {@code count} times. */
    public static void writeHeader(Bytes out, int configGeneration, long receivedAt, byte[] site, byte[] device, int count) {
        out.writeByte(KIND);
        out.writeInt(configGeneration);
        out.writeLong(receivedAt);
        out.writeShort(site.length).writeBytes(site);
        out.writeShort(device.length).writeBytes(device);
        out.writeInt(count);
    }

    /** Writes one reading whose tag is {@code tagLength} bytes of {@code tagSource} at {@code tagOffset}. */
    public static void writeReading(Bytes out, int sensorId, long ts, double value, byte quality,
                                    Bytes tagSource, int tagOffset, int tagLength) {
        out.writeInt(sensorId);
        out.writeLong(ts);
        out.writeDouble(value);
        out.writeByte(quality);
        out.writeByte(tagLength);
        // byte by byte: tags are short, and a bulk copy between direct buffers allocates NIO views
        for (int i = 0; i < tagLength; i++) out.writeByte(tagSource.getByte(tagOffset + i));
    }

    /** Writes one reading whose tag is {@code tagLength} bytes of {@code tagSource} at {@code tagOffset}. */
    public static void writeReading(Bytes out, int sensorId, long ts, double value, byte quality,
                                    byte[] tagSource, int tagOffset, int tagLength) {
        out.ensureWritable(READING_FIXED_BYTES + tagLength);
        int w = out.writerIndex();
        out.setInt(w, sensorId);
        out.setLong(w + 4, ts);
        out.setDouble(w + 12, value);
        out.setByte(w + 20, quality);
        out.setByte(w + 21, tagLength);
        out.setBytes(w + READING_FIXED_BYTES, tagSource, tagOffset, tagLength);
        out.writerIndex(w + READING_FIXED_BYTES + tagLength);
    }

    /** Patches the reading count of the record starting at {@code recordStart}. */
    public static void patchCount(Bytes out, int recordStart, int count) {
        int siteLen = out.getUnsignedShort(recordStart + SITE_OFFSET);
        int deviceOffset = recordStart + SITE_OFFSET + 2 + siteLen;
        int deviceLen = out.getUnsignedShort(deviceOffset);
        out.setInt(deviceOffset + 2 + deviceLen, count);
    }
}
