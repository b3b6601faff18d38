package io.hazardgate.api;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/** One HTTP endpoint. Runs on the event loop: it must answer from memory, never block. */
@FunctionalInterface
public interface HttpRoute {
    HttpResponseSpec handle(FullHttpRequest request, QueryStringDecoder uri);
}
