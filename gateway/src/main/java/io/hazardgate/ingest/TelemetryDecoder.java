package io.hazardgate.ingest;

import io.hazardgate.plant.SensorIndex;
import io.hazardgate.plant.TagTable;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a telemetry payload (wire contract v1, docs/protocol.md) straight from the MQTT payload
 * buffer into a {@link ReadingBatch} record, validating as it goes. It allocates nothing for a valid
 * message in steady state: keys are compared as bytes, tags are looked up as bytes, and numbers are
 * parsed exactly without creating Strings (Clinger's fast path, falling back to the JDK only for
 * numbers with more than 15 significant digits). A payload in direct memory is copied once into a
 * reused array and parsed from there: a {@code getByte} per byte through {@link Bytes} to the
 * transport's buffer would check its reference count and bounds every time, which cost more than the
 * parsing itself.
 *
 * <p>A message is accepted whole or not at all: on any error the output buffer is rewound to where the
 * record started, {@link #error()} says what was wrong and where, {@link #refusal()} why in one word and
 * {@link #errorTag()} which point. Besides the wire contract, a message is refused when a tag holds a
 * control character or is not UTF-8 (the store could not take it, or would take it mangled), when a
 * field appears twice in one object, when a reading is stamped further ahead of the gateway's clock
 * than the allowed skew, and when it reports a point of another data logger. Not thread-safe: one
 * instance per event-loop thread.
 */
public final class TelemetryDecoder {
    /** Readings older than this are a logger with an unset clock, not data. 2000-01-01T00:00:00Z. */
    public static final long MIN_TIMESTAMP = 946_684_800_000L;
    /** How far ahead of the gateway's clock a reading may be when the caller does not say (ingest.maxClockSkew). */
    public static final long DEFAULT_MAX_SKEW_MS = 5 * 60_000L;
    /** Most unknown tags named in one report; the count is always exact. */
    public static final int MAX_REPORTED_UNKNOWN_TAGS = 8;
    private static final int MAX_TAG_BYTES = 255;
    private static final int MAX_DEPTH = 32;
    private static final long MISSING_TS = Long.MIN_VALUE;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final byte[] KEY_TS = bytes("ts");
    private static final byte[] KEY_READINGS = bytes("readings");
    private static final byte[] KEY_TAG = bytes("tag");
    private static final byte[] KEY_VALUE = bytes("value");
    private static final byte[] KEY_QUALITY = bytes("quality");
    private static final byte[][] MESSAGE_KEYS = {KEY_TS, KEY_READINGS};
    private static final byte[][] READING_KEYS = {KEY_TAG, KEY_VALUE, KEY_TS, KEY_QUALITY};
    private static final byte[] Q_GOOD = bytes("good");
    private static final byte[] Q_UNCERTAIN = bytes("uncertain");
    private static final byte[] Q_BAD = bytes("bad");
    private static final byte[] V_NAN = bytes("NaN");
    private static final byte[] V_INFINITY = bytes("Infinity");
    private static final byte[] V_NEGATIVE_INFINITY = bytes("-Infinity");

    /** Thrown inside the decoder only; carries no stack trace. */
    private static final class Failure extends RuntimeException {
        final Refusal refusal;
        final String tag;

        Failure(String message) { this(Refusal.INVALID_PAYLOAD, null, message); }

        Failure(Refusal refusal, String tag, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
            this.tag = tag;
        }
    }

    /** Holds a payload that has no backing array; grows to the largest payload seen. */
    private byte[] copy = new byte[4096];
    /** Decoded form of a string with escapes. */
    private byte[] scratch = new byte[64];
    private int scratchLength;
    private byte[] in;
    private int pos;
    private int end;
    private int start;
    // string result: bytes in strBuf[strOff, strOff+strLen)
    private byte[] strBuf;
    private int strOff;
    private int strLen;

    private String error;
    private Refusal refusal;
    private String errorTag;
    private long maxSkewMs;
    private long shardMask;
    private int readingCount;
    private int unknownCount;
    /** Where the previous reading's tag is in the site's configuration: the next is likely just after it. */
    private int lastTagIndex;
    private final List<String> unknownTags = new ArrayList<>();

    /**
     * Decodes {@code payload} (its readable bytes; indices are not moved) and appends one record to
     * {@code out}.
     *
     * @param now gateway time, epoch ms: the default timestamp and the reference for sanity checks
     * @return true when the message is valid and the record was written
     */
    public boolean decode(Bytes payload, SensorIndex index, SensorIndex.SiteEntry site, byte[] device, long now, Bytes out) {
        return decode(payload, index, site, device, now, DEFAULT_MAX_SKEW_MS, out);
    }

    /**
     * As {@link #decode(Bytes, SensorIndex, SensorIndex.SiteEntry, byte[], long, Bytes)}, refusing a
     * reading stamped more than {@code maxSkewMs} ahead of {@code now}.
     */
    public boolean decode(Bytes payload, SensorIndex index, SensorIndex.SiteEntry site, byte[] device, long now,
                          long maxSkewMs, Bytes out) {
        int length = payload.readableBytes();
        if (payload.hasArray()) {
            in = payload.array();
            start = payload.arrayOffset() + payload.readerIndex();
        } else {
            if (copy.length < length) copy = new byte[Math.max(length, copy.length * 2)];
            payload.getBytes(payload.readerIndex(), copy, 0, length);
            in = copy;
            start = 0;
        }
        pos = start;
        end = start + length;
        error = null;
        refusal = null;
        errorTag = null;
        this.maxSkewMs = maxSkewMs;
        shardMask = 0;
        readingCount = 0;
        unknownCount = 0;
        lastTagIndex = TagTable.NONE;
        if (!unknownTags.isEmpty()) unknownTags.clear();
        int recordStart = out.writerIndex();
        ReadingBatch.writeHeader(out, index.generation(), now, site.idBytes(), device, 0);
        int firstReading = out.writerIndex();
        try {
            long messageTs = parseMessage(index, site, device, now, out);
            fillTimestamps(out, firstReading, messageTs == MISSING_TS ? now : messageTs, now);
            ReadingBatch.patchCount(out, recordStart, readingCount);
            return true;
        } catch (Failure f) {
            out.writerIndex(recordStart);
            error = f.getMessage();
            refusal = f.refusal;
            errorTag = f.tag;
            return false;
        } finally {
            in = null;
            strBuf = null;
        }
    }

    /** What was wrong with the last message refused, naming the field or the byte offset. */
    public String error() { return error; }

    /** Why the last message was refused, in one word; null after a valid message. */
    public Refusal refusal() { return refusal; }

    /** The tag of the reading the last refusal is about; null when it is about the message as a whole. */
    public String errorTag() { return errorTag; }

    /** Bit {@code s} is set when the last record holds a reading for a sensor owned by shard {@code s}. */
    public long shardMask() { return shardMask; }

    public int readingCount() { return readingCount; }

    /** Readings of the last message whose tag is not configured for the site. */
    public int unknownCount() { return unknownCount; }

    /** Up to {@link #MAX_REPORTED_UNKNOWN_TAGS} of those tags. */
    public List<String> unknownTags() { return unknownTags; }

    private long parseMessage(SensorIndex index, SensorIndex.SiteEntry site, byte[] device, long now, Bytes out) {
        long messageTs = MISSING_TS;
        boolean sawReadings = false;
        ws();
        expect('{', "a JSON object");
        ws();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                byte[] key = key(MESSAGE_KEYS);
                ws();
                expect(':', "':'");
                ws();
                if (key == KEY_TS) {
                    if (messageTs != MISSING_TS) throw duplicate("'ts'");
                    messageTs = timestamp("ts", now);
                } else if (key == KEY_READINGS) {
                    if (sawReadings) throw duplicate("'readings'");
                    sawReadings = true;
                    readings(index, site, device, now, out);
                } else {
                    skipValue(0);
                }
                ws();
                byte c = next("',' or '}'");
                if (c == '}') break;
                if (c != ',') throw syntax("expected ',' or '}'", pos - 1);
                ws();
            }
        }
        ws();
        if (pos != end) throw syntax("unexpected data after the JSON object", pos);
        if (!sawReadings) throw new Failure("missing 'readings': expected {\"readings\": [{\"tag\": ..., \"value\": ...}]}");
        return messageTs;
    }

    private void readings(SensorIndex index, SensorIndex.SiteEntry site, byte[] device, long now, Bytes out) {
        if (peek() != '[') throw new Failure("'readings' must be an array");
        pos++;
        ws();
        if (peek() == ']') {
            pos++;
            return;
        }
        int i = 0;
        while (true) {
            reading(index, site, device, i, now, out);
            i++;
            ws();
            byte c = next("',' or ']'");
            if (c == ']') return;
            if (c != ',') throw syntax("expected ',' or ']' in 'readings'", pos - 1);
            ws();
        }
    }

    private void reading(SensorIndex index, SensorIndex.SiteEntry site, byte[] device, int i, long now, Bytes out) {
        if (peek() != '{') throw new Failure("readings[" + i + "] must be an object");
        pos++;
        ws();
        byte[] tagBuf = null;
        int tagOff = 0;
        int tagLen = 0;
        boolean hasValue = false;
        double value = 0;
        long ts = MISSING_TS;
        byte quality = Quality.GOOD.code();
        boolean sawQuality = false;
        if (peek() != '}') {
            while (true) {
                byte[] key = key(READING_KEYS);
                ws();
                expect(':', "':'");
                ws();
                if (key == KEY_TAG) {
                    if (tagBuf != null) throw duplicate("readings[" + i + "].tag");
                    if (peek() != '"') throw new Failure("readings[" + i + "].tag must be a string");
                    string();
                    if (strLen == 0 || strLen > MAX_TAG_BYTES) {
                        throw new Failure("readings[" + i + "].tag must be 1 to " + MAX_TAG_BYTES + " bytes");
                    }
                    tagBuf = strBuf;
                    tagOff = strOff;
                    tagLen = strLen;
                    checkText(i, tagBuf, tagOff, tagLen);
                } else if (key == KEY_VALUE) {
                    if (hasValue) throw duplicate("readings[" + i + "].value");
                    value = value(i);
                    hasValue = true;
                } else if (key == KEY_TS) {
                    if (ts != MISSING_TS) throw duplicate("readings[" + i + "].ts");
                    ts = timestamp("readings[" + i + "].ts", now);
                } else if (key == KEY_QUALITY) {
                    if (sawQuality) throw duplicate("readings[" + i + "].quality");
                    sawQuality = true;
                    quality = quality(i);
                } else {
                    skipValue(1);
                }
                ws();
                byte c = next("',' or '}'");
                if (c == '}') break;
                if (c != ',') throw syntax("expected ',' or '}' in readings[" + i + "]", pos - 1);
                ws();
            }
        } else {
            pos++;
        }
        if (tagBuf == null) throw new Failure("readings[" + i + "]: missing 'tag'");
        if (!hasValue) throw new Failure("readings[" + i + "]: missing 'value'");
        if (ts != MISSING_TS && ts - now > maxSkewMs) throw skewed("readings[" + i + "].ts", ts, now, text(tagBuf, tagOff, tagLen));
        int at = site.tags().indexOf(tagBuf, tagOff, tagLen, lastTagIndex + 1);
        int id = ReadingBatch.UNKNOWN_SENSOR;
        if (at != TagTable.NONE) {
            id = site.tags().sensorId(at);
            lastTagIndex = at;
            if (index.derived(id)) {
                String tag = text(tagBuf, tagOff, tagLen);
                throw new Failure(Refusal.FOREIGN_POINT, tag, "readings[" + i + "]: tag '" + tag
                        + "' is computed by the gateway from another point (" + index.sensor(id).conversion().from()
                        + "); devices do not send it");
            }
            if (!index.reportedBy(id, device)) {
                String tag = text(tagBuf, tagOff, tagLen);
                throw new Failure(Refusal.FOREIGN_POINT, tag, "readings[" + i + "]: point '" + tag + "' belongs to data logger '"
                        + index.sensor(id).device() + "', not to '" + text(device, 0, device.length) + "'");
            }
        }
        if (id == ReadingBatch.UNKNOWN_SENSOR) {
            unknownCount++;
            if (unknownTags.size() < MAX_REPORTED_UNKNOWN_TAGS) unknownTags.add(new String(tagBuf, tagOff, tagLen, StandardCharsets.UTF_8));
        } else {
            shardMask |= 1L << index.shardOf(id);
        }
        ReadingBatch.writeReading(out, id, ts, value, quality, tagBuf, tagOff, tagLen);
        readingCount++;
    }

    /**
     * Readings without their own ts take the message's (or arrival time); written as a placeholder first.
     * A message ts too far ahead is refused here, once it is known which reading would take it.
     */
    private void fillTimestamps(Bytes out, int offset, long dflt, long now) {
        int c = offset;
        int w = out.writerIndex();
        while (c < w) {
            int tagLength = out.getUnsignedByte(c + ReadingBatch.READING_FIXED_BYTES - 1);
            if (out.getLong(c + 4) == MISSING_TS) {
                if (dflt - now > maxSkewMs) {
                    throw skewed("ts", dflt, now, out.toString(c + ReadingBatch.READING_FIXED_BYTES, tagLength, StandardCharsets.UTF_8));
                }
                out.setLong(c + 4, dflt);
            }
            c += ReadingBatch.READING_FIXED_BYTES + tagLength;
        }
    }

    private Failure skewed(String field, long ts, long now, String tag) {
        return new Failure(Refusal.CLOCK_SKEW, tag, field + " " + ts + " of '" + tag + "' is " + span(ts - now)
                + " ahead of the gateway clock (at most " + span(maxSkewMs)
                + " allowed: is the logger's clock set, and set to UTC?)");
    }

    /** A span of time as the configuration writes it, to the nearest second: {@code 23h5m}, {@code 5m}, {@code 12s}, {@code 250ms}. */
    static String span(long ms) {
        if (ms < 1000) return ms + "ms";
        long s = (ms + 500) / 1000;
        if (s >= 3600) return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        if (s >= 60) return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        return s + "s";
    }

    private static Failure duplicate(String field) {
        return new Failure(Refusal.DUPLICATE_KEY, null, field + " appears twice");
    }

    /**
     * Refuses a tag the store and the screens cannot carry as sent: a control character (C0, DEL, C1; a
     * NUL makes QuestDB refuse the whole write) or bytes that are not well-formed UTF-8 (RFC 3629: no
     * overlong forms, no surrogates, nothing above U+10FFFF), which a store would keep mangled.
     */
    private static void checkText(int i, byte[] b, int off, int len) {
        int end = off + len;
        for (int p = off; p < end; ) {
            int c = b[p] & 0xFF;
            if (c < 0x80) {
                if (c < 0x20 || c == 0x7F) throw badText(i, b, off, len, "control character U+" + hex4(c) + " at byte " + (p - off));
                p++;
                continue;
            }
            int n;
            int cp;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                cp = c & 0x1F;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                cp = c & 0x0F;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                cp = c & 0x07;
                min = 0x10000;
            } else {
                throw badText(i, b, off, len, "bytes that are not UTF-8 at byte " + (p - off));
            }
            if (p + n >= end) throw badText(i, b, off, len, "truncated UTF-8 at byte " + (p - off));
            for (int k = 1; k <= n; k++) {
                int cc = b[p + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) throw badText(i, b, off, len, "bytes that are not UTF-8 at byte " + (p - off));
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw badText(i, b, off, len, "bytes that are not UTF-8 (" + (cp >= 0xD800 && cp <= 0xDFFF ? "a surrogate" : "an overlong form")
                        + ") at byte " + (p - off));
            }
            if (cp >= 0x80 && cp <= 0x9F) throw badText(i, b, off, len, "control character U+" + hex4(cp) + " at byte " + (p - off));
            p += n + 1;
        }
    }

    private static Failure badText(int i, byte[] b, int off, int len, String what) {
        return new Failure(Refusal.INVALID_TEXT, text(b, off, len), "readings[" + i + "].tag contains " + what);
    }

    private static String hex4(int c) { return String.format("%04X", c); }

    private static String text(byte[] b, int off, int len) { return new String(b, off, len, StandardCharsets.UTF_8); }

    private byte quality(int i) {
        if (peek() != '"') throw new Failure("readings[" + i + "].quality must be \"good\", \"uncertain\" or \"bad\"");
        string();
        if (strEquals(Q_GOOD)) return Quality.GOOD.code();
        if (strEquals(Q_UNCERTAIN)) return Quality.UNCERTAIN.code();
        if (strEquals(Q_BAD)) return Quality.BAD.code();
        throw new Failure("readings[" + i + "].quality must be \"good\", \"uncertain\" or \"bad\", got \""
                + new String(strBuf, strOff, strLen, StandardCharsets.UTF_8) + "\"");
    }

    /**
     * A reading's value: a JSON number, or what a device sends when it has none (a failed sensor):
     * {@code null} or {@code "NaN"} (stored without a value, evaluated as a fault), {@code "Infinity"},
     * {@code "-Infinity"}. Any other string is refused.
     */
    private double value(int i) {
        byte c = peek();
        if (c == 'n') {
            literal("null");
            return Double.NaN;
        }
        if (c != '"') return number(i);
        string();
        if (strEquals(V_NAN)) return Double.NaN;
        if (strEquals(V_INFINITY)) return Double.POSITIVE_INFINITY;
        if (strEquals(V_NEGATIVE_INFINITY)) return Double.NEGATIVE_INFINITY;
        throw new Failure("readings[" + i + "].value must be a number (or null, \"NaN\", \"Infinity\", \"-Infinity\" "
                + "for a sensor without a value), got \"" + new String(strBuf, strOff, Math.min(strLen, 32), StandardCharsets.UTF_8) + "\"");
    }

    private long timestamp(String field, long now) {
        byte c = peek();
        if (c < '0' || c > '9') throw new Failure(field + " must be an integer number of epoch milliseconds");
        long v = 0;
        int digits = 0;
        while (pos < end && (c = in[pos]) >= '0' && c <= '9') {
            if (++digits > 15) throw new Failure(field + " is too large for epoch milliseconds");
            v = v * 10 + (c - '0');
            pos++;
        }
        if (pos < end && (c == '.' || c == 'e' || c == 'E')) {
            throw new Failure(field + " must be an integer number of epoch milliseconds");
        }
        if (v < MIN_TIMESTAMP) {
            throw new Failure(field + " " + v + " is before 2000-01-01 (epoch milliseconds expected; is the logger's clock set?)");
        }
        return v;
    }

    private double number(int i) {
        int begin = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        byte c = peek();
        if (c < '0' || c > '9') {
            pos = begin;
            throw new Failure(i < 0 ? "invalid JSON at byte " + (pos - start) + ": invalid number"
                    : "readings[" + i + "].value must be a number");
        }
        long mantissa = 0;
        int significant = 0;
        int scale = 0;
        if (c == '0') {
            pos++;
            if (pos < end && (c = in[pos]) >= '0' && c <= '9') throw syntax("leading zero in a number", pos);
        } else {
            while (pos < end && (c = in[pos]) >= '0' && c <= '9') {
                if (significant < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                } else {
                    scale++;
                    significant++;
                }
                pos++;
            }
        }
        if (pos < end && in[pos] == '.') {
            pos++;
            int fracStart = pos;
            while (pos < end && (c = in[pos]) >= '0' && c <= '9') {
                if (mantissa == 0 && c == '0') {
                    scale--; // leading zeros of a fraction do not count as significant
                } else if (significant < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                    scale--;
                } else {
                    significant++;
                }
                pos++;
            }
            if (pos == fracStart) throw syntax("a digit must follow '.'", pos);
        }
        if (pos < end && ((c = in[pos]) == 'e' || c == 'E')) {
            pos++;
            boolean expNegative = false;
            if (pos < end && ((c = in[pos]) == '+' || c == '-')) {
                expNegative = c == '-';
                pos++;
            }
            int expStart = pos;
            int exp = 0;
            while (pos < end && (c = in[pos]) >= '0' && c <= '9') {
                if (exp < 100_000) exp = exp * 10 + (c - '0');
                pos++;
            }
            if (pos == expStart) throw syntax("a digit must follow the exponent", pos);
            scale += expNegative ? -exp : exp;
        }
        double v;
        if (significant <= 15 && scale >= -22 && scale <= 22) {
            // exact: both operands are exactly representable, so one IEEE operation rounds correctly
            v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
            if (negative) v = -v;
        } else {
            v = Double.parseDouble(new String(in, begin, pos - begin, StandardCharsets.US_ASCII));
        }
        if (Double.isInfinite(v)) {
            throw new Failure((i < 0 ? "a number" : "readings[" + i + "].value") + " is out of the range of a double");
        }
        return v;
    }

    /**
     * Reads a key and returns the matching candidate array, or null for any other key. Keys with
     * escapes never match (none of ours needs one).
     */
    private byte[] key(byte[][] candidates) {
        if (peek() != '"') throw syntax("expected a string key", pos);
        string();
        for (byte[] k : candidates) {
            if (strBuf == in && strEquals(k)) return k;
        }
        return null;
    }

    private boolean strEquals(byte[] k) {
        if (strLen != k.length) return false;
        for (int j = 0; j < k.length; j++) {
            if (strBuf[strOff + j] != k[j]) return false;
        }
        return true;
    }

    /** Parses a string at pos; the raw bytes when it has no escapes, else a decoded copy in scratch. */
    private void string() {
        pos++; // opening quote
        int s = pos;
        while (pos < end) {
            byte c = in[pos];
            if (c == '"') {
                strBuf = in;
                strOff = s;
                strLen = pos - s;
                pos++;
                return;
            }
            if (c == '\\') {
                pos = s;
                unescape();
                return;
            }
            if (c >= 0 && c < 0x20) throw syntax("control character in a string", pos);
            pos++;
        }
        throw syntax("unterminated string", s - 1);
    }

    private void unescape() {
        scratchLength = 0;
        while (pos < end) {
            byte c = in[pos++];
            if (c == '"') {
                strBuf = scratch;
                strOff = 0;
                strLen = scratchLength;
                return;
            }
            if (c != '\\') {
                if (c >= 0 && c < 0x20) throw syntax("control character in a string", pos - 1);
                put(c);
                continue;
            }
            if (pos >= end) break;
            byte e = in[pos++];
            switch (e) {
                case '"', '\\', '/' -> put(e);
                case 'b' -> put('\b');
                case 'f' -> put('\f');
                case 'n' -> put('\n');
                case 'r' -> put('\r');
                case 't' -> put('\t');
                case 'u' -> {
                    int cp = hex4();
                    if (Character.isHighSurrogate((char) cp) && pos + 6 <= end && in[pos] == '\\' && in[pos + 1] == 'u') {
                        pos += 2;
                        int low = hex4();
                        if (!Character.isLowSurrogate((char) low)) throw syntax("invalid surrogate pair", pos - 6);
                        cp = Character.toCodePoint((char) cp, (char) low);
                    }
                    writeUtf8(cp);
                }
                default -> throw syntax("invalid escape '\\" + (char) e + "'", pos - 2);
            }
        }
        throw syntax("unterminated string", pos);
    }

    private int hex4() {
        if (pos + 4 > end) throw syntax("truncated \\u escape", pos);
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(in[pos++], 16);
            if (d < 0) throw syntax("invalid \\u escape", pos - 1);
            v = v * 16 + d;
        }
        return v;
    }

    private void writeUtf8(int cp) {
        if (cp < 0x80) {
            put(cp);
        } else if (cp < 0x800) {
            put(0xC0 | (cp >> 6));
            put(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            put(0xE0 | (cp >> 12));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        } else {
            put(0xF0 | (cp >> 18));
            put(0x80 | ((cp >> 12) & 0x3F));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        }
    }

    private void put(int b) {
        if (scratchLength == scratch.length) scratch = Arrays.copyOf(scratch, scratch.length * 2);
        scratch[scratchLength++] = (byte) b;
    }

    private void skipValue(int depth) {
        if (depth > MAX_DEPTH) throw syntax("nesting deeper than " + MAX_DEPTH, pos);
        byte c = peek();
        switch (c) {
            case '"' -> string();
            case '{', '[' -> {
                byte close = c == '{' ? (byte) '}' : (byte) ']';
                pos++;
                ws();
                if (peek() == close) {
                    pos++;
                    return;
                }
                while (true) {
                    if (c == '{') {
                        if (peek() != '"') throw syntax("expected a string key", pos);
                        string();
                        ws();
                        expect(':', "':'");
                        ws();
                    }
                    skipValue(depth + 1);
                    ws();
                    byte d = next("',' or '" + (char) close + "'");
                    if (d == close) return;
                    if (d != ',') throw syntax("expected ',' or '" + (char) close + "'", pos - 1);
                    ws();
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number(-1);
                } else {
                    throw syntax("unexpected character '" + (char) c + "'", pos);
                }
            }
        }
    }

    private void literal(String word) {
        for (int k = 0; k < word.length(); k++) {
            if (pos >= end || in[pos] != word.charAt(k)) throw syntax("invalid literal", pos);
            pos++;
        }
    }

    private void ws() {
        while (pos < end) {
            byte c = in[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private byte peek() {
        if (pos >= end) throw syntax("unexpected end of payload", pos);
        return in[pos];
    }

    private byte next(String expected) {
        if (pos >= end) throw syntax("unexpected end of payload, expected " + expected, pos);
        return in[pos++];
    }

    private void expect(char c, String what) {
        if (pos >= end || in[pos] != c) {
            throw syntax(pos >= end ? "unexpected end of payload, expected " + what : "expected " + what, pos);
        }
        pos++;
    }

    private Failure syntax(String what, int at) {
        return new Failure("invalid JSON at byte " + (at - start) + ": " + what);
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
