package io.hazardgate.southbound.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.PayloadDecoder;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.Quality;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vendor JSON shapes read through payload profiles into the same record the gateway's JSON becomes. */
class ProfileDecoderTest {
    static final long NOW = Instant.parse("2026-05-01T04:00:00Z").toEpochMilli();
    static final String SITE = """
            site: sb
            hazardSources: [{id: TF1, kind: major_hazard}]
            payloads:
              - id: flat-s
                readings: flat
                time: {field: ts, unit: s}
                skip: [seq]
                fields:
                  GT-101: {scale: 0.1}
                  pressure_hpa: {tag: PT-101, unit: hPa}
              - id: nested-array
                readings: array
                at: body.points
                name: id
                value: v.val
                time: {field: header.time, unit: iso, zone: Asia/Shanghai}
                itemTime: {field: t, unit: ms}
                quality: {field: q, good: [0], bad: [2, 3]}
            devices:
              - {id: dtu-a, payload: flat-s}
              - {id: dtu-b, payload: nested-array}
              - {id: dtu-c}
            sensors:
              - {tag: GT-101, source: TF1, device: dtu-a, type: combustible_gas}
              - {tag: PT-101, source: TF1, device: dtu-a, type: pressure, unit: kPa}
              - {tag: LT-101, source: TF1, device: dtu-b, type: tank_level}
              - {tag: TT-101, source: TF1, device: dtu-b, type: temperature}
            """;
    @TempDir Path dir;
    Site site;
    SensorIndex index;
    PayloadProfiles profiles;

    @BeforeEach
    void load() throws Exception {
        Path f = dir.resolve("sb.yaml");
        Files.writeString(f, SITE);
        site = ConfigLoader.loadSite(f);
        index = new SensorIndex(List.of(site), 2, 1);
        profiles = PayloadProfiles.of(List.of(site));
    }

    record Row(String tag, long ts, double value, Quality quality, int sensorId) {}

    /** Decodes {@code json} as {@code device} would publish it; null rows and the error when refused. */
    List<Row> decode(String device, String json, String[] error) {
        PayloadDecoder d = profiles.forDevice("sb", device);
        Bytes payload = BufferBytes.wrap(json.getBytes(StandardCharsets.UTF_8));
        Bytes out = BufferBytes.allocate(256);
        ReadingBuilder b = new ReadingBuilder();
        b.begin(index, index.site("sb"), device.getBytes(StandardCharsets.UTF_8), NOW, java.time.Duration.ofMinutes(5).toMillis(), out);
        String problem = d.decode(payload, b);
        if (problem != null) b.fail(problem);
        if (!b.finish()) {
            error[0] = b.error();
            assertEquals(0, out.writerIndex(), "a refused message leaves nothing behind");
            return null;
        }
        List<Row> rows = new ArrayList<>();
        ReadingBatch batch = new ReadingBatch().wrap(out);
        while (batch.next()) rows.add(new Row(batch.tag(), batch.ts(), batch.value(), batch.quality(), batch.sensorId()));
        return rows;
    }

    @Test
    void readsAFlatObjectWithEpochSecondsScaleAndUnit() {
        String[] err = new String[1];
        List<Row> rows = decode("dtu-a", "{\"GT-101\": 123, \"pressure_hpa\": 15, \"ts\": 1777608000, \"seq\": 7, \"XX-9\": 1}", err);
        assertEquals(3, rows.size(), "seq and ts are not readings: " + rows);
        assertEquals("GT-101", rows.get(0).tag());
        assertEquals(12.3, rows.get(0).value(), 1e-9, "scale 0.1");
        assertEquals(1_777_608_000_000L, rows.get(0).ts(), "epoch seconds");
        assertEquals("PT-101", rows.get(1).tag(), "renamed field");
        assertEquals(1.5, rows.get(1).value(), 1e-9, "15 hPa is 1.5 kPa, the sensor's unit");
        assertEquals(ReadingBatch.UNKNOWN_SENSOR, rows.get(2).sensorId(), "a name the site does not configure is kept, not evaluated");
    }

    @Test
    void readsANestedArrayWithIsoLocalTimeInTheDeclaredZoneAndQuality() {
        String json = """
                {"header": {"time": "2026-05-01 12:00:00"},
                 "body": {"points": [
                   {"id": "LT-101", "v": {"val": 12.5}, "q": 0},
                   {"id": "TT-101", "v": {"val": null}, "q": 2, "t": 1777608000500},
                   {"id": "LT-101", "v": {"val": "13.0"}, "q": 1}]}}""";
        List<Row> rows = decode("dtu-b", json, new String[1]);
        assertEquals(3, rows.size());
        long noonShanghai = Instant.parse("2026-05-01T04:00:00Z").toEpochMilli();
        assertEquals(noonShanghai, rows.get(0).ts(), "a local time in Asia/Shanghai is UTC+8");
        assertEquals(Quality.GOOD, rows.get(0).quality());
        assertTrue(Double.isNaN(rows.get(1).value()), "null is a reading without a value (a fault)");
        assertEquals(Quality.BAD, rows.get(1).quality());
        assertEquals(1_777_608_000_500L, rows.get(1).ts(), "an item's own time wins over the message's");
        assertEquals(13.0, rows.get(2).value(), 1e-9, "a quoted number is a number");
        assertEquals(Quality.UNCERTAIN, rows.get(2).quality(), "a quality code listed neither good nor bad");
    }

    @Test
    void refusesTheWholeMessageNamingWhatWasWrong() {
        String[] err = new String[1];
        assertNull(decode("dtu-a", "{\"GT-101\": 1, \"ts\": 5}", err));
        assertTrue(err[0].contains("before 2000"), err[0]);
        assertNull(decode("dtu-a", "{\"GT-101\": {\"x\": 1}, \"ts\": 1777608000}", err));
        assertTrue(err[0].contains("'GT-101' must be a number"), err[0]);
        assertNull(decode("dtu-a", "{\"GT-101\": 1, \"ts\": 1877608000}", err));
        assertTrue(err[0].contains("ahead of the gateway clock") && err[0].contains("at most 5m"), err[0]);
        // dtu-c has no profile; dtu-a's flat shape names LT-101, a point of dtu-b: refused, as the gateway's JSON would be
        assertNull(decode("dtu-a", "{\"LT-101\": 1, \"ts\": 1777608000}", err));
        assertTrue(err[0].contains("'LT-101' belongs to data logger 'dtu-b', not to 'dtu-a'"), err[0]);
        assertNull(decode("dtu-b", "{\"header\": {\"time\": \"yesterday\"}, \"body\": {\"points\": []}}", err));
        assertTrue(err[0].contains("'header.time'") && err[0].contains("ISO 8601"), err[0]);
        assertNull(decode("dtu-b", "{\"body\": {\"points\": {}}, \"header\": {\"time\": \"2026-05-01T12:00:00+08:00\"}}", err));
        assertTrue(err[0].contains("'body.points' must be a list"), err[0]);
        assertNull(decode("dtu-a", "{\"GT-101\": 1, " + "[".repeat(100), err));
        assertTrue(err[0].toLowerCase(Locale.ROOT).contains("invalid json"), err[0]);
        assertNull(decode("dtu-a", "{\"a\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(41), err));
        assertTrue(err[0].contains("nesting depth") || err[0].contains("Document nesting"), "deep nesting is bounded: " + err[0]);
    }

    @Test
    void devicesWithoutAProfileKeepTheGatewaysJson() {
        assertNull(profiles.forDevice("sb", "dtu-c"));
        assertNull(profiles.forDevice("other", "dtu-a"));
        assertFalse(profiles.forDevice("sb", "dtu-a") == profiles.forDevice("sb", "dtu-b"));
    }
}
