package io.hazardgate.mqtt.handler.transport;

import io.hazardgate.mqtt.connection.PartialPacketBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.function.Consumer;

/**
 * Sits just before the MQTT decoder and follows packet boundaries in the bytes that pass (the fixed
 * header's type byte and Remaining Length, MQTT 3.1.1 §2.2), without copying or consuming anything.
 * The bytes of the packet not yet complete are what the decoder holds for this connection; they are
 * reserved from the server-wide {@link PartialPacketBudget} as they arrive and given back when the
 * packet completes or the connection closes. When they do not fit, the connection is handed to
 * {@code onOverBudget} (which closes it) and nothing more is passed on. One instance per connection;
 * event loop only.
 */
public final class PartialPacketGuard extends ChannelInboundHandlerAdapter {
    /** Name in the pipeline, just before the decoder. */
    public static final String NAME = "partialPackets";
    /** The Remaining Length takes at most four bytes (MQTT 3.1.1 §2.2.3). */
    private static final int MAX_LENGTH_BYTES = 4;

    private final PartialPacketBudget budget;
    private final Consumer<ChannelHandlerContext> onOverBudget;

    private int headerBytes;       // bytes of the current packet's fixed header seen; 0 between packets
    private long remainingLength;  // being read from the header
    private long multiplier = 1;
    private long bodyLeft = -1;    // bytes of the current packet's body still to come; -1 while in the header
    private long held;             // bytes of the current, unfinished packet received so far
    private long reserved;         // of those, reserved from the budget
    private boolean stopped;       // a header the decoder will refuse: nothing more to follow
    private boolean overBudget;

    public PartialPacketGuard(PartialPacketBudget budget, Consumer<ChannelHandlerContext> onOverBudget) {
        this.budget = budget;
        this.onOverBudget = onOverBudget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (overBudget) {
            ReferenceCountUtil.release(msg); // the connection is being closed
            return;
        }
        if (stopped || !(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        follow(buf);
        long delta = held - reserved;
        if (delta > 0 && !budget.tryReserve(delta)) {
            overBudget = true;
            giveBack();
            ReferenceCountUtil.release(buf);
            onOverBudget.accept(ctx);
            return;
        }
        if (delta < 0) {
            budget.release(-delta);
        }
        reserved = held;
        ctx.fireChannelRead(buf);
    }

    /** Walks the new bytes, finishing packets and leaving {@link #held} at the unfinished one's size. */
    private void follow(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end && !stopped) {
            if (bodyLeft >= 0) {
                long take = Math.min(end - i, bodyLeft);
                i += (int) take;
                held += take;
                bodyLeft -= take;
                if (bodyLeft == 0) {
                    packetDone();
                }
                continue;
            }
            byte b = buf.getByte(i++);
            held++;
            headerBytes++;
            if (headerBytes == 1) {
                continue; // packet type and flags
            }
            remainingLength += (b & 0x7F) * multiplier;
            multiplier *= 128;
            if ((b & 0x80) == 0) {
                bodyLeft = remainingLength;
                if (bodyLeft == 0) {
                    packetDone();
                }
            } else if (headerBytes > MAX_LENGTH_BYTES) {
                stopped = true; // malformed Remaining Length: the decoder refuses it and the connection closes
            }
        }
    }

    private void packetDone() {
        held = 0;
        headerBytes = 0;
        remainingLength = 0;
        multiplier = 1;
        bodyLeft = -1;
    }

    private void giveBack() {
        if (reserved > 0) {
            budget.release(reserved);
        }
        reserved = 0;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        giveBack();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        giveBack();
    }
}
