package io.hazardgate.southbound.hj212.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.southbound.hj212.Hj212Frames;
import io.hazardgate.southbound.hj212.Hj212Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Framing of HJ 212 packets on raw bytes: torn, preceded by garbage, corrupted, oversized, trickled. */
class Hj212FrameDecoderTest {
    static final String SEG = "QN=20240501120000001;ST=32;CN=2011;PW=123456;MN=DAM1;Flag=5;CP=&&DataTime=20240501120000;w01018-Rtd=1&&";
    final Hj212Metrics metrics = new Hj212Metrics(new SimpleMeterRegistry());

    EmbeddedChannel channel(int maxLength, long frameTimeoutMillis) {
        return new EmbeddedChannel(new Hj212FrameDecoder(maxLength, TimeUnit.MILLISECONDS.toNanos(frameTimeoutMillis), metrics));
    }

    static byte[] frame() { return Hj212Frames.frame(SEG); }

    @Test
    void reassemblesAPacketTornAcrossReads() {
        EmbeddedChannel ch = channel(1024, 30_000);
        byte[] f = frame();
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(f, 0, 1)));      // "#"
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(f, 1, 4)));      // "#01"
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(f, 4, 50)));
        assertNull(ch.readInbound(), "nothing until the packet is whole");
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(f, 50, f.length)));
        assertEquals(SEG, ch.readInbound());
        // two packets in one read
        ch.writeInbound(Unpooled.wrappedBuffer(concat(f, f)));
        assertEquals(SEG, ch.readInbound());
        assertEquals(SEG, ch.readInbound());
        assertTrue(ch.isActive());
    }

    @Test
    void skipsGarbageAndDropsAWrongCrcKeepingTheConnection() {
        EmbeddedChannel ch = channel(1024, 30_000);
        byte[] bad = frame();
        bad[bad.length - 3] = (byte) (bad[bad.length - 3] == '0' ? '1' : '0'); // last CRC digit
        ch.writeInbound(Unpooled.wrappedBuffer(concat("noise#".getBytes(StandardCharsets.US_ASCII), bad, frame())));
        assertEquals(SEG, ch.readInbound(), "the packet after the corrupted one is read");
        assertNull(ch.readInbound());
        assertEquals(1, metrics.badCrc.count());
        assertEquals(6, metrics.discardedBytes.count(), "'noise#' skipped");
        assertTrue(ch.isActive(), "a line error keeps the connection");
    }

    @Test
    void aPacketWithoutCrlfIsNotOneAndTheStreamResynchronises() {
        EmbeddedChannel ch = channel(1024, 30_000);
        byte[] f = frame();
        byte[] broken = Arrays.copyOf(f, f.length);
        broken[broken.length - 1] = 'x';
        ch.writeInbound(Unpooled.wrappedBuffer(concat(broken, f)));
        assertEquals(SEG, ch.readInbound());
        assertEquals(1, metrics.malformed.count());
    }

    @Test
    void closesOnALengthOverTheLimitBeforeBufferingItsBody() {
        EmbeddedChannel ch = channel(1024, 30_000);
        ch.writeInbound(Unpooled.wrappedBuffer("##9999QN=".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(ch.isActive(), "an oversized packet closes the connection at its header");
        assertEquals(1, metrics.oversized.count());
        EmbeddedChannel ch2 = channel(1024, 30_000);
        ch2.writeInbound(Unpooled.wrappedBuffer(concat("##01a0QN=".getBytes(StandardCharsets.US_ASCII), frame())));
        assertEquals(SEG, ch2.readInbound(), "'##' without four digits is not a header: skipped, the stream resynchronises");
        assertTrue(ch2.isActive());
    }

    @Test
    void closesAConnectionThatTricklesAPacket() throws Exception {
        EmbeddedChannel ch = channel(1024, 100);
        ch.writeInbound(Unpooled.wrappedBuffer("##0100QN=1".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ch.isActive());
        Thread.sleep(250);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive(), "a packet not complete within the frame timeout closes the connection");
        assertEquals(1, metrics.connectionsClosed.count());
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
