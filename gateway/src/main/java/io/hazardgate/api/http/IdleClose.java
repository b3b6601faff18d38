package io.hazardgate.api.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;

/** Closes a connection on which nothing was read or written for the idle timeout. */
final class IdleClose extends ChannelInboundHandlerAdapter {
    private final Runnable counted;

    IdleClose(Runnable counted) {
        this.counted = counted;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            counted.run();
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }
}
