package io.hazardgate.uplink.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.uplink.HttpTarget;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.UplinkKeys;
import io.hazardgate.uplink.feed.OutgoingMessage;
import io.hazardgate.uplink.template.TemplateRenderer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Pushes each message as one signed JSON POST to the platform's path for its kind, one at a time so
 * they arrive in order. The answer decides: 2xx (and the configured result code, where the platform
 * puts one in its body) is taken; 401/403 mean the key is wrong, other 4xx that the message is (both
 * pause the uplink); 408, 429, 5xx and network failures are worth retrying.
 */
public final class HttpTransport implements Transport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest part of a platform's answer quoted in an error. */
    private static final int MAX_REASON = 300;
    /** Most of an answer read: a platform's verdict is a few hundred bytes; a broken one may send anything. */
    static final int MAX_ANSWER_BYTES = 64 << 10;

    private final HttpTarget target;
    private final UplinkKeys keys;
    private final Function<OutgoingMessage, byte[]> render;
    private final PayloadCodec codec;
    private final RequestSigner signer;
    private final Clock clock;
    private final HttpClient client;

    public HttpTransport(HttpTarget target, UplinkKeys keys, TemplateRenderer renderer,
                         java.util.Map<MessageKind, io.hazardgate.config.uplink.TemplateNode> bodies, Clock clock)
            throws IOException, GeneralSecurityException {
        this.target = target;
        this.keys = keys;
        this.render = m -> renderer.json(bodies.get(m.kind()), m.values());
        this.codec = new PayloadCodec(keys.sm4Key());
        this.signer = keys.signs() ? new RequestSigner(target.signature(), keys.secret()) : null;
        this.clock = clock;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(target.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        if (target.trustCa() != null) b.sslContext(Tls.context(target.trustCa(), null, null));
        this.client = b.build();
    }

    @Override
    public String target() { return target.url().toString(); }

    @Override
    public void deliver(List<OutgoingMessage> messages) throws DeliveryException, InterruptedException {
        for (int i = 0; i < messages.size(); i++) {
            try {
                post(messages.get(i));
            } catch (DeliveryException e) {
                throw e.after(i);
            }
        }
    }

    private void post(OutgoingMessage m) throws DeliveryException, InterruptedException {
        URI uri = target.uri(m.kind());
        byte[] body = codec.encode(render.apply(m));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(target.timeout())
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!keys.appKey().isEmpty()) req.header(target.headers().get("appKey"), keys.appKey());
        if (signer != null) {
            long ts = clock.millis();
            String nonce = signer.nonce();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            req.header(target.headers().get("timestamp"), Long.toString(ts))
                    .header(target.headers().get("nonce"), nonce)
                    .header(target.headers().get("signature"), signer.sign("POST", path, ts, nonce, body));
        }
        int status;
        String answer;
        // The request timeout covers the answer's headers; the whole answer, body included, gets twice it.
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> call =
                client.sendAsync(req.build(), info -> new LimitedBody(MAX_ANSWER_BYTES));
        try {
            HttpResponse<byte[]> resp = call.get(2 * target.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            status = resp.statusCode();
            answer = new String(resp.body(), StandardCharsets.UTF_8);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw new DeliveryException(DeliveryException.Kind.UNREACHABLE, 0,
                    "no complete answer from " + uri + " within " + 2 * target.timeout().toMillis() + " ms", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new DeliveryException(DeliveryException.Kind.UNREACHABLE, 0,
                    "cannot reach " + uri + ": " + (c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage()), c);
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
        String reason = reason(answer);
        String what = m.kind().wireName() + " message " + m.id() + " to " + uri;
        if (status == 401 || status == 403) {
            throw new DeliveryException(DeliveryException.Kind.KEY_REFUSED, 0,
                    "the platform refused the credentials of " + what + " (HTTP " + status + reason + ")", null);
        }
        if (status == 408 || status == 429 || status >= 500) {
            throw new DeliveryException(DeliveryException.Kind.UNREACHABLE, 0,
                    "the platform could not take " + what + " (HTTP " + status + reason + ")", null);
        }
        if (status < 200 || status >= 300) {
            throw new DeliveryException(DeliveryException.Kind.PAYLOAD_REFUSED, 0,
                    "the platform refused " + what + " (HTTP " + status + reason + ")", null);
        }
        if (!target.codeField().isEmpty()) {
            String code = resultCode(answer);
            if (code == null || !target.okCodes().contains(code)) {
                throw new DeliveryException(DeliveryException.Kind.PAYLOAD_REFUSED, 0, "the platform answered " + what
                        + " with " + target.codeField() + " " + code + reason, null);
            }
        }
    }

    private String resultCode(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode c = n == null ? null : n.get(target.codeField());
            return c == null || c.isNull() ? null : c.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The platform's own reason, from its answer's message field or its text, shortened and on one line. */
    private String reason(String body) {
        if (body == null || body.isBlank()) return "";
        String text = body;
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.hasNonNull(target.messageField())) text = n.get(target.messageField()).asText();
        } catch (IOException notJson) {
            // quote the text as it is
        }
        text = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (text.length() > MAX_REASON) text = text.substring(0, MAX_REASON) + "…";
        return text.isEmpty() ? "" : ": " + text;
    }

    @Override
    public void close() {
        // HttpClient has no close before Java 21; its threads are daemons and end with their idle connections.
    }
}
