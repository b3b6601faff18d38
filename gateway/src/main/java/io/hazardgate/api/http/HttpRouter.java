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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests: checks the Host first (DNS rebinding), then routes by method and path, then
 * streams, then static assets. Every error is JSON with a message and the right status; a route's
 * failure is logged with a reference and answered 500 without internals, never dropped.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
    private static final AtomicLong FAILURES = new AtomicLong();
    /** Methods that change nothing, which a cross-origin page may send (it cannot read the answer). */
    private static final java.util.Set<String> SAFE_METHODS = java.util.Set.of("GET", "HEAD", "OPTIONS");
    private final HttpRoutes routes;
    private final HostCheck hosts;
    private final HttpRefusals refusals;

    HttpRouter(HttpRoutes routes, HostCheck hosts, HttpRefusals refusals) {
        this.routes = routes;
        this.hosts = hosts;
        this.refusals = refusals;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            refusals.count("malformed");
            send(ctx, HttpResponseSpec.error(400, "malformed HTTP request"), false, false);
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (host == null || host.isBlank()) {
            refusals.count("no_host");
            send(ctx, HttpResponseSpec.error(400, "an HTTP/1.1 request needs a Host header"), false, false);
            return;
        }
        if (!hosts.allows(host)) {
            refusals.count("host_not_allowed");
            log.debug("HTTP request from {} for host '{}' refused (not an address, localhost or http.allowedHosts)",
                    ctx.channel().remoteAddress(), host);
            send(ctx, HttpResponseSpec.error(421, "this gateway does not answer to that host name; an operator can add it "
                    + "to http.allowedHosts"), false, false);
            return;
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null && !SAFE_METHODS.contains(req.method().name()) && !sameOrigin(origin, host)) {
            // a page of another site may make the browser send a form or a simple fetch here, with any
            // credentials the browser holds; the browser names the page in Origin
            refusals.count("cross_origin");
            send(ctx, HttpResponseSpec.error(403, "a request from another site's page is refused"), false, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        boolean head = HttpMethod.HEAD.equals(req.method());
        HttpRoutes.Match match = routes.find(method, uri.path());
        InetAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        ApiRequest request = new ApiRequest(method, uri.path(), match == null ? java.util.Map.of() : match.params(),
                uri.parameters(), req.headers(), ByteBufUtil.getBytes(req.content()), remote);
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

    /** Whether an {@code Origin} header names the host the request was sent to (the dashboard's own page). */
    static boolean sameOrigin(String origin, String host) {
        try {
            java.net.URI o = new java.net.URI(origin.trim());
            if (o.getHost() == null) return false; // "null": a sandboxed or file: page
            String h = host.trim().toLowerCase(java.util.Locale.ROOT);
            String oHost = o.getHost().toLowerCase(java.util.Locale.ROOT);
            int defaultPort = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
            int oPort = o.getPort() == -1 ? defaultPort : o.getPort();
            return h.equals(oHost + ":" + oPort) || (oPort == defaultPort && h.equals(oHost));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** A client's mistake says what was wrong; anything else says only where to look, never internals. */
    private static HttpResponseSpec failure(String path, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiRequest.BadRequest bad) return HttpResponseSpec.error(bad.status(), bad.getMessage());
        long reference = FAILURES.incrementAndGet();
        log.error("HTTP {} failed (reference {})", path, reference, cause);
        return HttpResponseSpec.error(500, "internal error, reference " + reference + " in the gateway's log");
    }

    static void send(ChannelHandlerContext ctx, HttpResponseSpec spec, boolean keepAlive, boolean head) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(spec.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(spec.body()));
        SecurityHeaders.apply(res.headers());
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
