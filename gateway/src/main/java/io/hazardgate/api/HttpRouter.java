package io.hazardgate.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches GET requests by exact path; unknown paths get a JSON 404, other methods a 405. */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private final Map<String, HttpRoute> routes = new LinkedHashMap<>();

    HttpRouter(Map<String, HttpRoute> routes) {
        this.routes.putAll(routes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        HttpResponseSpec spec;
        HttpRoute route = routes.get(uri.path());
        if (!req.decoderResult().isSuccess()) {
            spec = HttpResponseSpec.error(400, "malformed HTTP request");
        } else if (route == null) {
            spec = HttpResponseSpec.error(404, "no such endpoint: " + uri.path());
        } else if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            spec = HttpResponseSpec.error(405, req.method() + " is not allowed on " + uri.path());
        } else {
            try {
                spec = route.handle(req, uri);
            } catch (RuntimeException e) {
                log.error("HTTP {} failed", uri.path(), e);
                spec = HttpResponseSpec.error(500, "internal error: " + e.getMessage());
            }
        }
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(spec.status()),
                Unpooled.wrappedBuffer(spec.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, spec.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, spec.body().length);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (keepAlive) HttpUtil.setKeepAlive(res, true);
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) f.addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
