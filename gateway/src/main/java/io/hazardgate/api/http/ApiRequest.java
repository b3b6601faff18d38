package io.hazardgate.api.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An HTTP request as routes see it: method, path parameters, query, headers and the whole body. */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
                         HttpHeaders headers, byte[] body) {

    public String param(String name) { return pathParams.get(name); }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String header(String name) { return headers.get(name); }

    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

    /** A query parameter as epoch milliseconds (a number) or an ISO-8601 instant, or {@code dflt}. */
    public long timeQuery(String name, long dflt) {
        String v = query(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return java.time.Instant.parse(v).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e2) {
                throw new BadRequest("query parameter '" + name + "' must be epoch milliseconds or an ISO-8601 instant, got '" + v + "'");
            }
        }
    }

    /** Thrown by routes for a client mistake; becomes a 400 with the message. */
    public static final class BadRequest extends RuntimeException {
        private final int status;

        public BadRequest(String message) { this(400, message); }

        public BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() { return status; }
    }
}
