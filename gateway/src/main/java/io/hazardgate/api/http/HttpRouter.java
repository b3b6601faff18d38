package io.hazardgate.api.http;

import io.netty.buffer.ByteBufUtil;
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
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests: routes by method and path, then streams, then static assets. Every error is JSON
 * with a message and the right status; a route's failure is logged and answered 500, never dropped.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private final HttpRoutes routes;

    HttpRouter(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            send(ctx, HttpResponseSpec.error(400, "malformed HTTP request"), false, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        boolean head = HttpMethod.HEAD.equals(req.method());
        HttpRoutes.Match match = routes.find(method, uri.path());
        ApiRequest request = new ApiRequest(method, uri.path(), match == null ? java.util.Map.of() : match.params(),
                uri.parameters(), req.headers(), ByteBufUtil.getBytes(req.content()));
        if (match != null) {
            CompletionStage<HttpResponseSpec> answer;
            try {
                answer = match.route().handle(request);
            } catch (RuntimeException e) {
                send(ctx, failure(uri.path(), e), keepAlive, head);
                return;
            }
            answer.whenComplete((spec, e) -> ctx.executor().execute(() ->
                    send(ctx, e == null ? spec : failure(uri.path(), e), keepAlive, head)));
            return;
        }
        StreamEndpoint stream = routes.stream(uri.path());
        if (stream != null && HttpMethod.GET.equals(req.method())) {
            stream.open(ctx, request);
            return;
        }
        StaticAssets assets = routes.assets();
        HttpResponseSpec file = assets == null || !(head || HttpMethod.GET.equals(req.method())) ? null : assets.find(uri.path());
        if (file != null) {
            send(ctx, file, keepAlive, head);
            return;
        }
        List<String> allowed = routes.methodsFor(uri.path());
        send(ctx, allowed.isEmpty()
                ? HttpResponseSpec.error(404, "no such endpoint: " + uri.path())
                : HttpResponseSpec.error(405, method + " is not allowed on " + uri.path() + " (allowed: " + String.join(", ", allowed) + ")")
                        .withHeader("Allow", String.join(", ", allowed)), keepAlive, head);
    }

    private static HttpResponseSpec failure(String path, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiRequest.BadRequest bad) return HttpResponseSpec.error(bad.status(), bad.getMessage());
        log.error("HTTP {} failed", path, cause);
        return HttpResponseSpec.error(500, "internal error: " + cause);
    }

    static void send(ChannelHandlerContext ctx, HttpResponseSpec spec, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(spec.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(spec.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, spec.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, spec.body().length);
        spec.headers().forEach((k, v) -> res.headers().set(k, v));
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
