package io.hazardgate.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.store.Records;
import io.hazardgate.store.Sites;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    private static String tagValue(String v) {
        return LineProtocol.tagValue(new StringBuilder(), v).toString();
    }

    @Test
    void escapesCommaEqualsSpaceAndBackslashInTagValues() {
        assertEquals("a\\,b\\=c\\ d\\\\e", tagValue("a,b=c d\\e"));
        assertEquals("GT-101", tagValue("GT-101"));
        assertEquals("储罐\\ 1", tagValue("储罐 1"));
    }

    @Test
    void writesLineBreaksAsTwoCharacters() {
        assertEquals("a\\\\nb\\\\rc", tagValue("a\nb\rc"));
        assertEquals("m=\"x\\\\ny\"", LineProtocol.stringField(new StringBuilder(), "m", "x\ny").toString());
    }

    @Test
    void escapesQuotesAndBackslashesInStringFields() {
        assertEquals("message=\"say \\\"hi\\\" \\\\ now, a=b\"",
                LineProtocol.stringField(new StringBuilder(), "message", "say \"hi\" \\ now, a=b").toString());
    }

    private static String floatValue(double v) {
        return LineProtocol.floatValue(new StringBuilder(), v).toString();
    }

    @Test
    void writesFloatsThatParseBackToTheSameDouble() {
        assertEquals("12.5", floatValue(12.5));
        assertEquals("19.0", floatValue(19));
        assertEquals("0.005", floatValue(0.005));
        assertEquals("-3.000107", floatValue(-3.000107));
        assertEquals("0.1", floatValue(0.1));
        assertEquals("1.0E10", floatValue(1e10));
        assertEquals("1.0E-7", floatValue(1e-7));
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextInt(2_000_000) / 1000.0 - 1000;
                case 1 -> Math.round(random.nextGaussian() * 1e8) / 1e6;
                case 2 -> random.nextDouble() * 1e4;
                default -> Double.longBitsToDouble(random.nextLong());
            };
            if (!Double.isFinite(v)) continue;
            assertEquals(v, Double.parseDouble(floatValue(v)), () -> "round trip of " + v);
        }
    }

    @Test
    void leavesOutEmptyTags() {
        assertEquals("reading,site=demo,source=TF1,tag=T,type=generic ",
                SensorCatalog.prefix("demo", "TF1", "T", "generic", ""));
    }

    private static Bytes record(String site, int sensorId, String tag, long ts, double value, byte quality) {
        Bytes out = BufferBytes.allocate(256);
        ReadingBatch.writeHeader(out, 1, ts, site.getBytes(StandardCharsets.UTF_8), "d".getBytes(StandardCharsets.UTF_8), 1);
        Bytes t = BufferBytes.wrap(tag.getBytes(StandardCharsets.UTF_8));
        ReadingBatch.writeReading(out, sensorId, ts, value, quality, t, 0, t.readableBytes());
        return out;
    }

    private static String encode(SensorCatalog catalog, Bytes record) {
        StringBuilder sb = new StringBuilder();
        try {
            new ReadingLineEncoder(catalog).encode(record, record.readerIndex(), sb);
        } finally {
            record.release();
        }
        return sb.toString();
    }

    @Test
    void writesAConfiguredReadingWithItsSourceTypeUnitAndOwnTimestamp() {
        SensorCatalog catalog = SensorCatalog.of(List.of(Sites.demo()));
        assertEquals("reading,site=demo,source=TF1,tag=GT-101,type=combustible_gas,unit=%LEL value=12.5,quality=0i 1732350000123\n",
                encode(catalog, record("demo", 0, "GT-101", 1732350000123L, 12.5, (byte) 0)));
        assertEquals("reading,site=demo,source=TF1,tag=LT-101,type=tank_level,unit=m value=19.0,quality=2i 1732350000124\n",
                encode(catalog, record("demo", 1, "LT-101", 1732350000124L, 19.0, (byte) 2)));
    }

    @Test
    void storesAnUnknownTagUnderSourceUnknown() {
        SensorCatalog catalog = SensorCatalog.of(List.of(Sites.demo()));
        assertEquals("reading,site=demo,source=_unknown,tag=XX\\ 9,type=unknown value=1.5,quality=1i 5\n",
                encode(catalog, record("demo", ReadingBatch.UNKNOWN_SENSOR, "XX 9", 5, 1.5, (byte) 1)));
        // Accepted as known, but no longer configured: still stored, as unknown.
        assertEquals("reading,site=other,source=_unknown,tag=GT-101,type=unknown value=1.5,quality=0i 5\n",
                encode(catalog, record("other", 3, "GT-101", 5, 1.5, (byte) 0)));
    }

    @Test
    void writesANonFiniteValueAsQualityOnly() {
        SensorCatalog catalog = SensorCatalog.of(List.of(Sites.demo()));
        assertEquals("reading,site=demo,source=TF1,tag=GT-101,type=combustible_gas,unit=%LEL quality=2i 7\n",
                encode(catalog, record("demo", 0, "GT-101", 7, Double.NaN, (byte) 2)));
    }

    @Test
    void picksTheRightPrefixAmongManyTags() {
        Site site = Sites.many("big", 500);
        SensorCatalog catalog = SensorCatalog.of(List.of(site));
        Bytes rec = Records.readings("big", 1000, 500, Sites.tags(500));
        String[] lines = encode(catalog, rec).split("\n");
        assertEquals(500, lines.length);
        for (int i = 0; i < 500; i++) {
            assertEquals("reading,site=big,source=SRC" + (i % 10) + ",tag=S-" + i + ",type=generic,unit=u value=" + (i + 0.5)
                    + ",quality=" + (i % 3) + "i " + (1000 + i), lines[i]);
        }
    }

    private static AlarmEvent event(String id, long seq, long eventTs) {
        return new AlarmEvent(id, seq, "demo", "TF1", "GT-101", "high", "L2", AlarmKind.THRESHOLD, 4, AlarmState.RAISED,
                60.0, 50.0, "%LEL", 1732350000100L, eventTs, "GT-101 at 60 %LEL, \"level 2\"");
    }

    @Test
    void writesAnAlarmEventWithTagsFieldsAndNanosecondTimestamp() {
        AlarmEvent e = event("a-1", 1, 1732350000123L);
        StringBuilder sb = new StringBuilder();
        AlarmLineEncoder.encode(e, sb);
        long ts = AlarmLineEncoder.timestampNanos(e);
        assertEquals("alarm_event,site=demo,source=TF1,tag=GT-101,rule=high,kind=threshold,colour=red,state=raised "
                + "id=\"a-1\",seq=1i,level=4i,value=60.0,limit=50.0,limitName=\"L2\",unit=\"%LEL\","
                + "message=\"GT-101 at 60 %LEL, \\\"level 2\\\"\",readingTs=1732350000100i,raisedTs=1732350000123i " + ts + "\n", sb.toString());
        assertEquals(1732350000123L, ts / 1_000_000, "within the event's millisecond");
    }

    @Test
    void givesTheSameEventTheSameTimestampAndOtherEventsOtherOnes() {
        long t = 1732350000123L;
        assertEquals(AlarmLineEncoder.timestampNanos(event("a-1", 1, t)), AlarmLineEncoder.timestampNanos(event("a-1", 1, t)));
        assertNotEquals(AlarmLineEncoder.timestampNanos(event("a-1", 1, t)), AlarmLineEncoder.timestampNanos(event("a-1", 2, t)));
        assertNotEquals(AlarmLineEncoder.timestampNanos(event("a-1", 1, t)), AlarmLineEncoder.timestampNanos(event("a-2", 1, t)));
    }

    @Test
    void omitsNonFiniteAlarmValues() {
        AlarmEvent e = new AlarmEvent("n-1", 1, "demo", "TF1", "GT-101", "no_data", "", AlarmKind.NO_DATA, 1,
                AlarmState.RAISED, Double.NaN, Double.NaN, "", 0, 10, "no data");
        StringBuilder sb = new StringBuilder();
        AlarmLineEncoder.encode(e, sb);
        assertEquals("alarm_event,site=demo,source=TF1,tag=GT-101,rule=no_data,kind=no_data,colour=grey,state=raised "
                + "id=\"n-1\",seq=1i,level=1i,limitName=\"\",unit=\"\",message=\"no data\",readingTs=0i,raisedTs=10i " + AlarmLineEncoder.timestampNanos(e)
                + "\n", sb.toString());
    }
}
