package io.hazardgate.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a route answers: status, content type, body and extra headers. */
public record HttpResponseSpec(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public HttpResponseSpec(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static HttpResponseSpec json(int status, String json) {
        return new HttpResponseSpec(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponseSpec json(int status, byte[] json) {
        return new HttpResponseSpec(status, JSON, json);
    }

    public static HttpResponseSpec text(int status, String contentType, String body) {
        return new HttpResponseSpec(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": "...", "status": N}}. */
    public static HttpResponseSpec error(int status, String message) {
        return json(status, Json.bytes(Json.object("error", message, "status", status)));
    }

    public HttpResponseSpec withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpResponseSpec(status, contentType, body, Map.copyOf(h));
    }
}
