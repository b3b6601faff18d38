package io.hazardgate.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header timeout of one connection: a request must arrive whole within it from its first byte, so
 * a client cannot hold a connection by trickling a request that never ends (slow loris). Two handlers
 * share it: {@link #started()} before the HTTP codec sees the bytes, {@link #done()} after the
 * aggregator sees the whole request. Event loop only.
 */
final class RequestDeadline {
    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final long timeoutMillis;
    private final Runnable counted;
    private ScheduledFuture<?> timer;

    RequestDeadline(long timeoutMillis, Runnable counted) {
        this.timeoutMillis = timeoutMillis;
        this.counted = counted;
    }

    ChannelInboundHandlerAdapter started() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (timer == null) {
                    timer = ctx.executor().schedule(() -> expired(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                cancel();
                ctx.fireChannelInactive();
            }
        };
    }

    ChannelInboundHandlerAdapter done() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof FullHttpRequest) {
                    cancel();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        counted.run();
        log.debug("HTTP connection {} closed: no whole request within {} ms", ctx.channel().remoteAddress(), timeoutMillis);
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
