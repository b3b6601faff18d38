package io.hazardgate.ingest;

import io.hazardgate.plant.SensorIndex;
import io.hazardgate.plant.TagTable;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one {@link ReadingBatch} record from readings that arrived by another protocol (a JSON profile,
 * a Modbus poll, an HJ 212 packet, a Sparkplug message), with the checks the gateway's own JSON decoder
 * applies: the tag is 1 to 255 bytes without control characters ({@link Refusal#INVALID_TEXT}), the
 * timestamp is after 2000 and at most {@code ingest.maxClockSkew} ahead of the gateway's clock
 * ({@link Refusal#CLOCK_SKEW}), a point of another logger or one the gateway computes is refused
 * ({@link Refusal#FOREIGN_POINT}), and a tag the site does not configure is stored but not evaluated
 * (counted and reported). The first invalid reading fails the whole record, which is then
 * rewound: a message is taken whole or not at all.
 *
 * <p>Allocates nothing per reading for tags in ASCII: the tag is encoded into a reused array and found
 * in the site's tag table as bytes. Not thread-safe: one per thread ({@link ReadingIntake} keeps one per
 * thread).
 */
public final class ReadingBuilder {
    /** The timestamp to pass when a reading has none of its own: the message's, or the arrival time. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;
    private static final int MAX_TAG_BYTES = 255;

    private SensorIndex index;
    private SensorIndex.SiteEntry site;
    private Bytes out;
    private int recordStart;
    private long now;
    private long defaultTs;
    private byte[] tagBytes = new byte[64];
    private String error;
    private Refusal refusal;
    private String errorTag;
    private byte[] device;
    private long maxSkewMs;
    private long shardMask;
    private int count;
    private int unknownCount;
    private int lastTagIndex;
    private final List<String> unknownTags = new ArrayList<>();

    /**
     * Starts a record for {@code device} of {@code site} at the end of {@code out}; a reading stamped more
     * than {@code maxSkewMs} ahead of {@code now} will fail it.
     */
    public void begin(SensorIndex index, SensorIndex.SiteEntry site, byte[] device, long now, long maxSkewMs, Bytes out) {
        this.index = index;
        this.device = device;
        this.maxSkewMs = maxSkewMs;
        this.refusal = null;
        this.errorTag = null;
        this.site = site;
        this.out = out;
        this.now = now;
        this.defaultTs = now;
        this.error = null;
        this.shardMask = 0;
        this.count = 0;
        this.unknownCount = 0;
        this.lastTagIndex = TagTable.NONE;
        if (!unknownTags.isEmpty()) unknownTags.clear();
        this.recordStart = out.writerIndex();
        ReadingBatch.writeHeader(out, index.generation(), now, site.idBytes(), device, 0);
    }

    /** The gateway time the record was begun at, epoch ms. */
    public long now() { return now; }

    /**
     * The timestamp of readings added with {@link #NO_TIMESTAMP} from now on (a message's own time);
     * false, and the record failed, when it is out of bounds.
     */
    public boolean messageTimestamp(long ts) {
        if (!checkTimestamp("the message's timestamp", ts, null, 0, 0)) return false;
        defaultTs = ts;
        return true;
    }

    /** Adds one reading; false (and the record failed) when it is invalid. After a failure it adds nothing. */
    public boolean add(String tag, long ts, double value, Quality quality) {
        if (error != null) return false;
        int len = encode(tag);
        if (len < 0) return fail(Refusal.INVALID_TEXT, null, "tag '" + tag + "' is longer than " + MAX_TAG_BYTES + " bytes");
        return add(tagBytes, 0, len, ts, value, quality.code());
    }

    /** Adds one reading whose tag is {@code tag[off, off+len)} in UTF-8. */
    public boolean add(byte[] tag, int off, int len, long ts, double value, byte quality) {
        if (error != null) return false;
        if (len == 0 || len > MAX_TAG_BYTES) return fail(Refusal.INVALID_TEXT, null, "a tag must be 1 to " + MAX_TAG_BYTES + " bytes");
        for (int i = off; i < off + len; i++) {
            int c = tag[i] & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return fail(Refusal.INVALID_TEXT, null, "tag '" + new String(tag, off, len, StandardCharsets.UTF_8) + "' has a control character");
            }
        }
        long t = ts == NO_TIMESTAMP ? defaultTs : ts;
        if (!checkTimestamp(ts == NO_TIMESTAMP ? "the message's timestamp" : "the timestamp", t, tag, off, len)) return false;
        int at = site.tags().indexOf(tag, off, len, lastTagIndex + 1);
        int id = ReadingBatch.UNKNOWN_SENSOR;
        if (at != TagTable.NONE) {
            id = site.tags().sensorId(at);
            lastTagIndex = at;
            if (index.derived(id)) {
                String name = new String(tag, off, len, StandardCharsets.UTF_8);
                return fail(Refusal.FOREIGN_POINT, name, "tag '" + name + "' is computed by the gateway from another point ("
                        + index.sensor(id).conversion().from() + "); devices do not send it");
            }
            if (!index.reportedBy(id, device)) {
                String name = new String(tag, off, len, StandardCharsets.UTF_8);
                return fail(Refusal.FOREIGN_POINT, name, "point '" + name + "' belongs to data logger '" + index.sensor(id).device()
                        + "', not to '" + new String(device, StandardCharsets.UTF_8) + "'");
            }
            shardMask |= 1L << index.shardOf(id);
        } else {
            unknownCount++;
            if (unknownTags.size() < TelemetryDecoder.MAX_REPORTED_UNKNOWN_TAGS) unknownTags.add(new String(tag, off, len, StandardCharsets.UTF_8));
        }
        ReadingBatch.writeReading(out, id, t, value, quality, tag, off, len);
        count++;
        return true;
    }

    /**
     * Finishes the record: true when every reading was valid (the record is complete in {@code out}),
     * false when one was not (the record is gone from {@code out}; {@link #error()} says why).
     */
    public boolean finish() {
        if (error != null) {
            out.writerIndex(recordStart);
            return false;
        }
        ReadingBatch.patchCount(out, recordStart, count);
        return true;
    }

    /** Fails the record with {@code reason} (a protocol's own check, an invalid payload); {@link #finish()} then returns false. */
    public boolean fail(String reason) {
        return fail(Refusal.INVALID_PAYLOAD, null, reason);
    }

    private boolean fail(Refusal why, String tag, String reason) {
        if (error == null) {
            error = reason;
            refusal = why;
            errorTag = tag;
        }
        return false;
    }

    /** Which refusal the failure is, or null. */
    public Refusal refusal() { return refusal; }

    /** The tag the failure is about, or null when it is about the message as a whole. */
    public String errorTag() { return errorTag; }

    /** Why the record failed, or null. */
    public String error() { return error; }

    /** Bit {@code s} set when a reading belongs to a sensor of alarm shard {@code s}. */
    public long shardMask() { return shardMask; }

    public int readingCount() { return count; }

    public int unknownCount() { return unknownCount; }

    public List<String> unknownTags() { return unknownTags; }

    /** {@code tag} is the reading's, or null for a message's timestamp checked before its readings. */
    private boolean checkTimestamp(String what, long ts, byte[] tag, int off, int len) {
        if (ts >= TelemetryDecoder.MIN_TIMESTAMP && ts - now <= maxSkewMs) return true; // no allocation on the usual path
        String name = tag == null ? null : new String(tag, off, len, StandardCharsets.UTF_8);
        if (ts < TelemetryDecoder.MIN_TIMESTAMP) {
            return fail(Refusal.INVALID_PAYLOAD, name, what + " " + ts + (name == null ? "" : " of '" + name + "'")
                    + " is before 2000-01-01 (is the logger's clock set?)");
        }
        if (ts - now > maxSkewMs) {
            return fail(Refusal.CLOCK_SKEW, name, what + " " + ts + (name == null ? "" : " of '" + name + "'") + " is "
                    + TelemetryDecoder.span(ts - now) + " ahead of the gateway clock (at most " + TelemetryDecoder.span(maxSkewMs)
                    + " allowed: is the logger's clock set, and set to UTC?)");
        }
        return true;
    }

    /** UTF-8 of {@code tag} into {@link #tagBytes}; its length, or -1 when too long. */
    private int encode(String tag) {
        int n = tag.length();
        if (n > MAX_TAG_BYTES) return -1;
        if (tagBytes.length < n) tagBytes = new byte[Math.max(n, 2 * tagBytes.length)];
        for (int i = 0; i < n; i++) {
            char c = tag.charAt(i);
            if (c >= 0x80) {
                byte[] b = tag.getBytes(StandardCharsets.UTF_8);
                if (b.length > MAX_TAG_BYTES) return -1;
                if (tagBytes.length < b.length) tagBytes = new byte[b.length];
                System.arraycopy(b, 0, tagBytes, 0, b.length);
                return b.length;
            }
            tagBytes[i] = (byte) c;
        }
        return n;
    }
}
