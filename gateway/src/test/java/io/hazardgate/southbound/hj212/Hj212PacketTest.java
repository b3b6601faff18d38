package io.hazardgate.southbound.hj212;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.Quality;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CRC and the data segment of HJ 212-2017, checked against the standard's published example. */
class Hj212PacketTest {
    /** HJ 212-2017's example packet: a data segment of 101 bytes whose CRC is 1C80. */
    static final String PUBLISHED = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n";
    static final String SEGMENT = PUBLISHED.substring(6, 6 + 101);

    @Test
    void crcOfThePublishedVectorIs1C80() {
        byte[] data = SEGMENT.getBytes(StandardCharsets.US_ASCII);
        assertEquals(101, data.length);
        assertEquals(0x1C80, Hj212Crc.of(data, 0, data.length));
    }

    @Test
    void framesASegmentExactlyAsThePublishedPacket() {
        assertArrayEquals(PUBLISHED.getBytes(StandardCharsets.US_ASCII), Hj212Frames.frame(SEGMENT));
    }

    @Test
    void parsesTheFieldsAndCp() throws Exception {
        Hj212Packet p = Hj212Packet.parse(SEGMENT);
        assertEquals("20160801085857223", p.qn());
        assertEquals("32", p.st());
        assertEquals("1062", p.cn());
        assertEquals("100000", p.pw());
        assertEquals("010000A8900016F000169DC0", p.mn());
        assertTrue(p.wantsAnswer(), "Flag=5: bit 0 asks for an answer");
        assertEquals("30", p.cp().get("RtdInterval"));
        assertEquals("QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&", p.answer());

        Hj212Packet rt = Hj212Packet.parse("QN=20240501120000001;ST=32;CN=2011;PW=123456;MN=DAM1;Flag=4;"
                + "CP=&&DataTime=20240501120000;w01018-Rtd=10.5,w01018-Flag=N;a34004-Rtd=7,a34004-Flag=D&&");
        assertTrue(rt.carriesData());
        assertEquals(false, rt.wantsAnswer());
        assertEquals("10.5", rt.cp().get("w01018-Rtd"));
        assertEquals("D", rt.cp().get("a34004-Flag"));
    }

    @Test
    void refusesSegmentsThatAreNotOne() {
        assertThrows(Hj212Packet.Malformed.class, () -> Hj212Packet.parse("QN=1;ST=32;CN=2011;PW=1;MN=2;Flag=4"));
        assertThrows(Hj212Packet.Malformed.class, () -> Hj212Packet.parse("QN=1;ST=32;CN=2011;PW=1;Flag=4;CP=&&&&"),
                "MN is required");
        assertThrows(Hj212Packet.Malformed.class, () -> Hj212Packet.parse("QN=1;ST=32;CN=2011;PW=1;MN=2;Flag=x;CP=&&&&"));
        assertThrows(Hj212Packet.Malformed.class, () -> Hj212Packet.parse("QN=1;ST=32;CN=2011;PW=1;MN=2;CP=&&a&&"));
    }

    @Test
    void dataFlagsBecomeQuality() {
        assertEquals(Quality.GOOD, Hj212Ingest.quality("N"));
        assertEquals(Quality.GOOD, Hj212Ingest.quality(null));
        assertEquals(Quality.BAD, Hj212Ingest.quality("D"));
        assertEquals(Quality.BAD, Hj212Ingest.quality("B"));
        assertEquals(Quality.UNCERTAIN, Hj212Ingest.quality("M"));
        assertEquals(Quality.UNCERTAIN, Hj212Ingest.quality("T"));
    }
}
