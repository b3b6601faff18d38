package io.hazardgate.response.channel;

import io.hazardgate.config.response.ChannelSettings;
import io.hazardgate.wire.JsonWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SMS and voice gateways and other systems over HTTP. SMS and voice render the channel's body template
 * (the request the provider's API takes) with the phone number and the text, each escaped for the body's
 * content type; a webhook posts the notices as JSON. With a secret, the body is signed
 * ({@code X-HazardGate-Signature: sha256=<hex HMAC-SHA256 of the body>}) and {@code {secret}} may stand in
 * headers (an API key). Every request carries {@code X-HazardGate-Delivery}, the same on every attempt.
 *
 * <p>2xx is delivered. 408, 429 and 5xx, and any failure to connect or read, are retried; any other 4xx
 * means the request itself is wrong and is not repeated.
 */
public final class HttpSender implements Sender {
    private final ChannelSettings settings;
    private final HttpClient client;

    public HttpSender(ChannelSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Delivery send(Envelope e) {
        String body = body(e);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url())).timeout(settings.timeout())
                .header("Content-Type", settings.contentType())
                .header("User-Agent", "HazardGate")
                .header("X-HazardGate-Delivery", e.id())
                .method(settings.method(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!settings.secret().isEmpty()) b.header("X-HazardGate-Signature", "sha256=" + hmac(settings.secret().reveal(), body));
        for (Map.Entry<String, String> h : settings.headers().entrySet()) {
            b.header(h.getKey(), h.getValue().replace("{secret}", settings.secret().reveal()));
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = r.statusCode();
            String detail = "HTTP " + status + masked(answer(r.body()));
            if (status >= 200 && status < 300) return Delivery.delivered(detail);
            if (status == 408 || status == 429 || status >= 500) return Delivery.retry(detail);
            return Delivery.failed(detail);
        } catch (IOException ex) {
            return Delivery.retry(ex.getClass().getSimpleName() + ": " + SmtpSender.oneLine(ex.getMessage()));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
    }

    String body(Envelope e) {
        if (settings.type() == ChannelSettings.Type.WEBHOOK && settings.body().isEmpty()) return e.json();
        String template = settings.body();
        return template.replace("{phone}", escape(e.address())).replace("{text}", escape(e.text()))
                .replace("{subject}", escape(e.subject())).replace("{id}", escape(e.id()))
                .replace("{name}", escape(e.recipientName())).replace("{json}", e.json())
                .replace("{secret}", escape(settings.secret().reveal()));
    }

    /** A value as it may stand inside the body: JSON string content, form-encoded, or as it is. */
    private String escape(String v) {
        String ct = settings.contentType().toLowerCase(java.util.Locale.ROOT);
        if (ct.contains("json")) return JsonWriter.escaped(v);
        if (ct.contains("x-www-form-urlencoded")) return URLEncoder.encode(v, StandardCharsets.UTF_8);
        return v;
    }

    /** What a server answered, without the secret should it echo the request back. */
    private String masked(String text) {
        String s = settings.secret().reveal();
        return s.isEmpty() ? text : text.replace(s, "****");
    }

    private static String answer(String body) {
        if (body == null || body.isBlank()) return "";
        return ": " + SmtpSender.oneLine(body.length() > 200 ? body.substring(0, 200) : body);
    }

    static String hmac(String key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", ex);
        }
    }
}
