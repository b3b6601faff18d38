package io.hazardgate.southbound.hj212.server;

import io.hazardgate.southbound.hj212.Hj212Frames;
import io.hazardgate.southbound.hj212.Hj212Ingest;
import io.hazardgate.southbound.hj212.Hj212Packet;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data segment at a time: parsed, checked against its logger's account and handed to ingest. The
 * data answer is written from ingest's callback once the readings are durable, on the channel's own
 * event loop. An unknown MN or a wrong PW closes the connection; a malformed segment is counted and
 * the connection kept.
 */
final class Hj212Handler extends SimpleChannelInboundHandler<String> {
    private static final Logger log = LoggerFactory.getLogger(Hj212Handler.class);

    private final Hj212Ingest ingest;

    Hj212Handler(Hj212Ingest ingest) {
        this.ingest = ingest;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String segment) {
        Hj212Packet p;
        try {
            p = Hj212Packet.parse(segment);
        } catch (Hj212Packet.Malformed e) {
            ingest.metrics().malformed.increment();
            log.debug("HJ 212 connection {}: malformed data segment: {}", ctx.channel().remoteAddress(), e.getMessage());
            return;
        }
        String peer = String.valueOf(ctx.channel().remoteAddress());
        Hj212Ingest.Verdict v = ingest.accept(p, answer -> ctx.executor().execute(() -> {
            if (!ctx.channel().isActive()) return;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(Hj212Frames.frame(answer)));
            // a logger that does not read its answers stops being read, so they cannot pile up here
            if (!ctx.channel().isWritable()) ctx.channel().config().setAutoRead(false);
        }), peer);
        if (v == Hj212Ingest.Verdict.UNAUTHORISED) {
            ingest.metrics().connectionsClosed.increment();
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) ctx.channel().config().setAutoRead(true);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("HJ 212 connection {} idle, closing", ctx.channel().remoteAddress());
            ingest.metrics().connectionsClosed.increment();
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HJ 212 connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
