package io.hazardgate.mqtt.handler.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Browsers let any page open a WebSocket to any address and only tell the server who asked, in the
 * {@code Origin} header (RFC 6455 §10.2). An upgrade that carries an Origin not listed for the listener
 * gets 403 and the connection closes; a client that is not a browser sends no Origin and passes. The
 * comparison is exact (scheme, host and port), case-insensitive.
 */
public final class WebSocketOriginCheck extends ChannelInboundHandlerAdapter {
    private final Set<String> allowed;
    private final Runnable refused;

    /** @param refused counts a refusal */
    public WebSocketOriginCheck(List<String> allowedOrigins, Runnable refused) {
        this.allowed = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.refused = refused;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !allowed.contains(origin.trim().toLowerCase(Locale.ROOT))) {
                ReferenceCountUtil.release(msg);
                refused.run();
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
                        Unpooled.EMPTY_BUFFER);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.pipeline().remove(this); // checked once, on the upgrade
        }
        ctx.fireChannelRead(msg);
    }
}
