package io.hazardgate.api;

import java.nio.charset.StandardCharsets;

/** What a route answers: status, content type and body. */
public record HttpResponseSpec(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";

    public static HttpResponseSpec json(int status, String json) {
        return new HttpResponseSpec(status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponseSpec text(int status, String contentType, String body) {
        return new HttpResponseSpec(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON error body {@code {"error": "..."}} with the given status. */
    public static HttpResponseSpec error(int status, String message) {
        return json(status, "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
