package io.hazardgate.southbound.hj212.server;

import io.hazardgate.southbound.hj212.Hj212Crc;
import io.hazardgate.southbound.hj212.Hj212Metrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the byte stream into HJ 212-2017 packets (§6.3.1): {@code ##}, the data segment's length as four
 * decimal digits, the data segment, its CRC as four hex digits, CRLF. Emits each data segment whose CRC
 * is right, as a String.
 *
 * <ul>
 *   <li>Bytes before {@code ##}, and a {@code ##} not followed by four digits, are skipped (counted): a
 *       logger that restarts mid-packet resynchronises.</li>
 *   <li>A wrong CRC or a packet not ending in CRLF is dropped (counted) and the connection kept: a line
 *       error, which the logger repairs by sending the packet again since no answer came.</li>
 *   <li>A length over the limit closes the connection (counted) before its body is
 *       buffered: the stream cannot be trusted and a sender must not make the gateway hold more.</li>
 *   <li>A packet begun must be complete within the frame timeout, or the connection is closed: a peer
 *       trickling bytes to hold a connection open (slowloris) is cut off.</li>
 * </ul>
 */
final class Hj212FrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(Hj212FrameDecoder.class);
    /** {@code ##} and the 4-digit length. */
    private static final int HEAD = 6;
    /** CRC and CRLF. */
    private static final int TAIL = 6;

    private final int maxDataLength;
    private final long frameTimeoutNanos;
    private final Hj212Metrics metrics;
    private long partialSince = -1;
    private ScheduledFuture<?> deadline;

    Hj212FrameDecoder(int maxDataLength, long frameTimeoutNanos, Hj212Metrics metrics) {
        this.maxDataLength = maxDataLength;
        this.frameTimeoutNanos = frameTimeoutNanos;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), frameTimeoutNanos / 4);
        deadline = ctx.executor().scheduleAtFixedRate(() -> checkDeadline(ctx), every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) deadline.cancel(false);
    }

    private void checkDeadline(ChannelHandlerContext ctx) {
        if (partialSince >= 0 && System.nanoTime() - partialSince > frameTimeoutNanos && ctx.channel().isActive()) {
            log.debug("HJ 212 connection {}: a packet left incomplete for {} ms, closing", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(frameTimeoutNanos));
            metrics.connectionsClosed.increment();
            ctx.close();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = findHeader(in);
            if (start < 0) {
                // keep a trailing '#', which may begin the next "##"
                int keep = in.getByte(in.writerIndex() - 1) == '#' ? 1 : 0;
                int skip = in.readableBytes() - keep;
                if (skip > 0) metrics.discardedBytes.increment(skip);
                in.skipBytes(skip);
                break;
            }
            if (start > in.readerIndex()) {
                metrics.discardedBytes.increment(start - in.readerIndex());
                in.readerIndex(start);
            }
            if (in.readableBytes() < HEAD) break;
            int length = digits(in, start + 2);
            if (length < 0) {
                // "##" not followed by four digits is not a header (a '#' in noise): look further on
                metrics.discardedBytes.increment(1);
                in.skipBytes(1);
                continue;
            }
            if (length > maxDataLength) {
                metrics.oversized.increment();
                metrics.connectionsClosed.increment();
                log.debug("HJ 212 connection {}: packet length '{}' is {}; closing", ctx.channel().remoteAddress(),
                        in.toString(start + 2, 4, StandardCharsets.US_ASCII), "over " + maxDataLength);
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            int total = HEAD + length + TAIL;
            if (in.readableBytes() < total) break;
            int crcAt = start + HEAD + length;
            if (in.getByte(crcAt + 4) != '\r' || in.getByte(crcAt + 5) != '\n') {
                metrics.malformed.increment();
                in.skipBytes(2); // not a packet after all: look for the next "##"
                continue;
            }
            int crc = hex(in, crcAt);
            byte[] segment = new byte[length];
            in.getBytes(start + HEAD, segment);
            in.skipBytes(total);
            if (crc < 0 || crc != Hj212Crc.of(segment, 0, length)) {
                metrics.badCrc.increment();
                log.debug("HJ 212 connection {}: wrong CRC, packet dropped", ctx.channel().remoteAddress());
                continue;
            }
            out.add(new String(segment, StandardCharsets.UTF_8));
        }
        partialSince = in.isReadable() ? (partialSince < 0 ? System.nanoTime() : partialSince) : -1;
    }

    private static int findHeader(ByteBuf in) {
        for (int i = in.readerIndex(); i < in.writerIndex() - 1; i++) {
            if (in.getByte(i) == '#' && in.getByte(i + 1) == '#') return i;
        }
        return -1;
    }

    private static int digits(ByteBuf in, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = in.getByte(at + i) - '0';
            if (c < 0 || c > 9) return -1;
            v = v * 10 + c;
        }
        return v;
    }

    private static int hex(ByteBuf in, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in.getByte(at + i), 16);
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }
}
