package io.hazardgate.api.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One HTTP endpoint. Runs on the HTTP event loop: it answers from memory, or returns a stage that
 * completes later (an acknowledgement travels to the alarm shard that owns the alarm; a history query
 * goes to the store) — it never blocks.
 */
@FunctionalInterface
public interface HttpRoute {
    CompletionStage<HttpResponseSpec> handle(ApiRequest request);

    /** A route that answers at once. */
    static HttpRoute sync(Function<ApiRequest, HttpResponseSpec> f) {
        return r -> CompletableFuture.completedFuture(f.apply(r));
    }
}
