package io.hazardgate.api.http;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as routes see it: method, path parameters, query, headers, the whole body, and the
 * address it came from (null when not known).
 */
public record ApiRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
                         HttpHeaders headers, byte[] body, InetAddress remote) {
    /** Earliest time a query accepts: nothing the gateway stores is older than the epoch. */
    public static final long MIN_TIME_MS = 0;
    /** Latest time a query accepts, 9999-12-31T23:59:59.999Z: the store's timestamps reach no further. */
    public static final long MAX_TIME_MS = 253_402_300_799_999L;

    public String param(String name) { return pathParams.get(name); }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String header(String name) { return headers.get(name); }

    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }

    /**
     * A query parameter as epoch milliseconds (a number) or an ISO-8601 instant, or {@code dflt}; between
     * 1970 and the end of year 9999, so that it stays a valid time of the store once in microseconds.
     */
    public long timeQuery(String name, long dflt) {
        String v = query(name);
        if (v == null || v.isBlank()) return dflt;
        long ms;
        try {
            ms = Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                ms = java.time.Instant.parse(v).toEpochMilli();
            } catch (java.time.format.DateTimeParseException | ArithmeticException e2) {
                throw new BadRequest("query parameter '" + name + "' must be epoch milliseconds or an ISO-8601 instant, got '"
                        + shorten(v) + "'");
            }
        }
        if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
            throw new BadRequest("query parameter '" + name + "' must be between 1970-01-01T00:00:00Z and "
                    + "9999-12-31T23:59:59.999Z (epoch milliseconds " + MIN_TIME_MS + " to " + MAX_TIME_MS + "), got '"
                    + shorten(v) + "'");
        }
        return ms;
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    public String bearerToken() {
        String h = header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : null;
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
