package io.hazardgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.Configs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetryDecoderTest {
    static final long NOW = 1_732_350_001_000L;
    final SensorIndex index = new SensorIndex(List.of(Configs.demoPlant()), 1, 7);
    final TelemetryDecoder decoder = new TelemetryDecoder();
    final BufferBytes out = BufferBytes.allocate(256);

    @AfterEach
    void release() { out.release(); }

    boolean decode(String json) {
        Bytes in = BufferBytes.wrap(json.getBytes(StandardCharsets.UTF_8));
        try {
            return decoder.decode(in, index, index.site("demo"), "dtu-tf1".getBytes(StandardCharsets.UTF_8), NOW, out);
        } finally {
            in.release();
        }
    }

    @Test
    void decodesTheContractExample() {
        assertTrue(decode("""
                {"ts": 1732350000123, "readings": [{"tag": "GT-101", "value": 12.5},
                 {"tag": "LT-101", "value": 8.3, "ts": 1732350000100, "quality": "good"}]}"""), decoder.error());
        ReadingBatch b = new ReadingBatch().wrap(out);
        assertEquals(7, b.configGeneration());
        assertEquals(NOW, b.receivedAt());
        assertEquals("demo", b.site());
        assertEquals("dtu-tf1", b.device());
        assertEquals(2, b.count());
        assertTrue(b.next());
        assertEquals("GT-101", b.tag());
        assertEquals(index.find("demo", "GT-101"), b.sensorId());
        assertEquals(12.5, b.value());
        assertEquals(1732350000123L, b.ts(), "the message ts is the default");
        assertEquals(Quality.GOOD, b.quality());
        assertTrue(b.next());
        assertEquals("LT-101", b.tag());
        assertEquals(1732350000100L, b.ts(), "a reading's own ts wins");
        assertEquals(8.3, b.value());
        assertFalse(b.next());
        assertEquals(out.writerIndex(), b.endOffset());
    }

    @Test
    void aSensorWithoutAValueSendsNullOrNaNAndItIsKeptAsNotANumber() {
        assertTrue(decode("""
                {"readings": [{"tag": "GT-101", "value": null, "quality": "bad"}, {"tag": "GT-102", "value": "NaN"},
                 {"tag": "LT-101", "value": "Infinity"}, {"tag": "TT-101", "value": "-Infinity"}]}"""), decoder.error());
        ReadingBatch b = new ReadingBatch().wrap(out);
        assertTrue(b.next());
        assertTrue(Double.isNaN(b.value()));
        assertEquals(Quality.BAD, b.quality());
        assertTrue(b.next());
        assertTrue(Double.isNaN(b.value()));
        assertEquals(Quality.GOOD, b.quality(), "the quality is what the device said");
        assertTrue(b.next());
        assertEquals(Double.POSITIVE_INFINITY, b.value());
        assertTrue(b.next());
        assertEquals(Double.NEGATIVE_INFINITY, b.value());
    }

    @Test
    void missingTimestampMeansArrivalTimeAndKeysMayComeInAnyOrder() {
        assertTrue(decode("{\"readings\":[{\"value\":-3e2,\"quality\":\"uncertain\",\"extra\":{\"a\":[1,true,null]},\"tag\":\"TT-101\"}]}"),
                decoder.error());
        ReadingBatch b = new ReadingBatch().wrap(out);
        assertTrue(b.next());
        assertEquals(NOW, b.ts());
        assertEquals(-300.0, b.value());
        assertEquals(Quality.UNCERTAIN, b.quality());
    }

    @Test
    void readingsBeforeMessageTsStillGetIt() {
        assertTrue(decode("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1}],\"ts\":1732350000000}"));
        ReadingBatch b = new ReadingBatch().wrap(out);
        b.next();
        assertEquals(1732350000000L, b.ts());
    }

    @Test
    void unknownTagsAreKeptAndCounted() {
        assertTrue(decode("{\"readings\":[{\"tag\":\"NOPE-1\",\"value\":1},{\"tag\":\"GT-101\",\"value\":2}]}"));
        assertEquals(1, decoder.unknownCount());
        assertEquals(List.of("NOPE-1"), decoder.unknownTags());
        assertEquals(2, decoder.readingCount());
        assertEquals(1L, decoder.shardMask());
        ReadingBatch b = new ReadingBatch().wrap(out);
        b.next();
        assertEquals(ReadingBatch.UNKNOWN_SENSOR, b.sensorId());
        assertEquals("NOPE-1", b.tag());
    }

    @Test
    void escapedTagsAreDecoded() {
        assertTrue(decode("{\"readings\":[{\"tag\":\"GT\\u002d101\",\"value\":1}]}"), decoder.error());
        ReadingBatch b = new ReadingBatch().wrap(out);
        b.next();
        assertEquals("GT-101", b.tag());
        assertEquals(index.find("demo", "GT-101"), b.sensorId());
    }

    @Test
    void refusesBadPayloadsWithAClearReasonAndWritesNothing() {
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1}", "invalid JSON at byte 39: unexpected end of payload, expected ',' or ']'");
        assertRefused("{\"ts\":1732350000000}", "missing 'readings': expected {\"readings\": [{\"tag\": ..., \"value\": ...}]}");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\"}]}", "readings[0]: missing 'value'");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},{\"value\":2}]}", "readings[1]: missing 'tag'");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":\"12\"}]}", "readings[0].value must be a number "
                + "(or null, \"NaN\", \"Infinity\", \"-Infinity\" for a sensor without a value), got \"12\"");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":true}]}", "readings[0].value must be a number");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"quality\":\"ok\"}]}",
                "readings[0].quality must be \"good\", \"uncertain\" or \"bad\", got \"ok\"");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":1732350000}]}",
                "readings[0].ts 1732350000 is before 2000-01-01 (epoch milliseconds expected; is the logger's clock set?)");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":1.5}]}", "readings[0].ts must be an integer number of epoch milliseconds");
        assertRefused("{\"readings\":[]} x", "invalid JSON at byte 16: unexpected data after the JSON object");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1e999}]}", "readings[0].value is out of the range of a double");
        assertRefused("{\"readings\":{}}", "'readings' must be an array");
        assertRefused("[1,2]", "invalid JSON at byte 0: expected a JSON object");
        assertRefused("", "invalid JSON at byte 0: unexpected end of payload, expected a JSON object");
    }

    @Test
    void aBadReadingLateInTheMessageRefusesTheWholeMessage() {
        out.writeBytes(new byte[] {9, 9, 9});
        assertFalse(decode("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},{\"tag\":\"GT-102\",\"value\":true}]}"));
        assertEquals(3, out.writerIndex(), "nothing of the refused message is left in the output");
    }

    @Test
    void aDeviceMayNotSendAPointTheGatewayDerivesNorSpoilTheRestOfItsMessage() {
        // FB-01, the dam's freeboard, is computed from WL-01: a logger that sends it is refused as a whole
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":14},{\"tag\":\"FB-01\",\"value\":0.1}]}",
                "readings[1]: tag 'FB-01' is computed by the gateway from another point (WL-01); devices do not send it");
        assertEquals(Refusal.FOREIGN_POINT, decoder.refusal(), "no logger may report it");
        assertEquals("FB-01", decoder.errorTag());
    }

    @Test
    void parsesNumbersExactlyLikeTheJdk() {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            String text = switch (i % 5) {
                case 0 -> Double.toString(r.nextDouble(-1e6, 1e6));
                case 1 -> Long.toString(r.nextLong(-1_000_000_000L, 1_000_000_000L)) + "." + r.nextInt(0, 1000);
                case 2 -> r.nextInt(0, 100_000) + "e" + r.nextInt(-30, 30);
                case 3 -> "0.000" + r.nextInt(1, 1_000_000);
                default -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(-300, 300)));
            };
            out.clear();
            assertTrue(decode("{\"readings\":[{\"tag\":\"GT-101\",\"value\":" + text + "}]}"), text + ": " + decoder.error());
            ReadingBatch b = new ReadingBatch().wrap(out);
            b.next();
            assertEquals(Double.parseDouble(text), b.value(), text);
        }
    }

    @Test
    void refusesAReadingStampedFurtherAheadThanTheAllowedSkewNamingItsTag() {
        long ahead = NOW + 23 * 3_600_000L;
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},{\"ts\":" + ahead + ",\"value\":2,\"tag\":\"GT-102\"}]}",
                "readings[1].ts " + ahead + " of 'GT-102' is 23h ahead of the gateway clock (at most 5m allowed: "
                        + "is the logger's clock set, and set to UTC?)");
        assertEquals(Refusal.CLOCK_SKEW, decoder.refusal());
        assertEquals("GT-102", decoder.errorTag());
        // the message's ts is refused only for a reading that takes it, and names that reading
        assertRefused("{\"ts\":" + ahead + ",\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":" + NOW + "},{\"tag\":\"LT-101\",\"value\":2}]}",
                "ts " + ahead + " of 'LT-101' is 23h ahead of the gateway clock (at most 5m allowed: is the logger's clock set, and set to UTC?)");
        assertEquals("LT-101", decoder.errorTag());
        out.clear();
        assertTrue(decode("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":" + (NOW + 5 * 60_000L) + "}]}"), "5 minutes ahead is within the skew");
        out.clear();
        Bytes in = BufferBytes.wrap(("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":" + (NOW + 2000) + "}]}")
                .getBytes(StandardCharsets.UTF_8));
        assertFalse(decoder.decode(in, index, index.site("demo"), "dtu-tf1".getBytes(StandardCharsets.UTF_8), NOW, 1000, out),
                "the allowed skew is the caller's");
        assertEquals("readings[0].ts " + (NOW + 2000) + " of 'GT-101' is 2s ahead of the gateway clock (at most 1s allowed: "
                + "is the logger's clock set, and set to UTC?)", decoder.error());
        in.release();
    }

    @Test
    void refusesAPointOfAnotherDataLoggerNamingItsOwner() {
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1},{\"tag\":\"GNSS-01\",\"value\":95}]}",
                "readings[1]: point 'GNSS-01' belongs to data logger 'dtu-td1', not to 'dtu-tf1'");
        assertEquals(Refusal.FOREIGN_POINT, decoder.refusal());
        assertEquals("GNSS-01", decoder.errorTag());
        out.clear();
        assertTrue(decode("{\"readings\":[{\"tag\":\"NOT-CONFIGURED\",\"value\":1}]}"), "an unknown tag belongs to nobody: stored, reported");
    }

    @Test
    void refusesTagsTheStoreCannotTakeAsSent() {
        assertRefused("{\"readings\":[{\"tag\":\"X\\u0000Y\",\"value\":1}]}", "readings[0].tag contains control character U+0000 at byte 1");
        assertEquals(Refusal.INVALID_TEXT, decoder.refusal());
        assertEquals("X\u0000Y", decoder.errorTag());
        assertRefused("{\"readings\":[{\"tag\":\"X\\u007f\",\"value\":1}]}", "readings[0].tag contains control character U+007F at byte 1");
        assertRefused("{\"readings\":[{\"tag\":\"X\\u0085\",\"value\":1}]}", "readings[0].tag contains control character U+0085 at byte 1");
        assertRefused("{\"readings\":[{\"tag\":\"X\\ud800\",\"value\":1}]}",
                "readings[0].tag contains bytes that are not UTF-8 (a surrogate) at byte 1");
        assertRefusedBytes(new byte[] {'{', '"', 'r', 'e', 'a', 'd', 'i', 'n', 'g', 's', '"', ':', '[', '{', '"', 't', 'a', 'g', '"', ':',
            '"', 'A', (byte) 0xC0, (byte) 0xAF, '"', ',', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '1', '}', ']', '}'},
                "readings[0].tag contains bytes that are not UTF-8 at byte 1");
        assertRefusedBytes(new byte[] {'{', '"', 'r', 'e', 'a', 'd', 'i', 'n', 'g', 's', '"', ':', '[', '{', '"', 't', 'a', 'g', '"', ':',
            '"', 'A', (byte) 0xE6, (byte) 0xB8, '"', ',', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '1', '}', ']', '}'},
                "readings[0].tag contains truncated UTF-8 at byte 1");
        out.clear();
        assertTrue(decode("{\"readings\":[{\"tag\":\"液位-101 \\ud83d\\ude00\",\"value\":1}]}"), decoder.error());
    }

    @Test
    void refusesAFieldGivenTwice() {
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"value\":90}]}", "readings[0].value appears twice");
        assertEquals(Refusal.DUPLICATE_KEY, decoder.refusal());
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"tag\":\"GT-102\",\"value\":1}]}", "readings[0].tag appears twice");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"ts\":" + NOW + ",\"ts\":" + NOW + "}]}", "readings[0].ts appears twice");
        assertRefused("{\"readings\":[{\"tag\":\"GT-101\",\"value\":1,\"quality\":\"bad\",\"quality\":\"good\"}]}",
                "readings[0].quality appears twice");
        assertRefused("{\"ts\":" + NOW + ",\"ts\":" + NOW + ",\"readings\":[]}", "'ts' appears twice");
        assertRefused("{\"readings\":[],\"readings\":[]}", "'readings' appears twice");
    }

    private void assertRefusedBytes(byte[] json, String reason) {
        out.clear();
        Bytes in = BufferBytes.wrap(json);
        assertFalse(decoder.decode(in, index, index.site("demo"), "dtu-tf1".getBytes(StandardCharsets.UTF_8), NOW, out));
        assertEquals(reason, decoder.error());
        assertEquals(Refusal.INVALID_TEXT, decoder.refusal());
        assertEquals(0, out.writerIndex());
    }

    private void assertRefused(String json, String reason) {
        out.clear();
        assertFalse(decode(json), json);
        assertEquals(reason, decoder.error(), json);
        assertEquals(0, out.writerIndex());
    }
}
