package io.hazardgate.uplink.transport;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Takes at most {@code limit} bytes of an answer and lets go of the rest: a platform's verdict is small,
 * and a broken or hostile one must not fill the gateway's memory.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int limit) {
        this.limit = limit;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
            int n = Math.min(b.remaining(), limit - out.size());
            byte[] chunk = new byte[n];
            b.get(chunk);
            out.write(chunk, 0, n);
            if (out.size() >= limit) {
                subscription.cancel();
                result.complete(out.toByteArray());
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) { result.completeExceptionally(t); }

    @Override
    public void onComplete() { result.complete(out.toByteArray()); }

    @Override
    public CompletionStage<byte[]> getBody() { return result; }
}
