package io.hazardgate.api.http;

import java.util.HashMap;
import java.util.Map;

/** A path such as {@code /api/sites/{site}/sensors/{tag}}; {@code {name}} matches one non-empty segment. */
final class RoutePattern {
    private final String[] segments;

    RoutePattern(String pattern) {
        this.segments = pattern.substring(1).split("/", -1);
    }

    /** The path parameters when {@code path} matches, else null. */
    Map<String, String> match(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') return null;
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length != segments.length) return null;
        Map<String, String> params = null;
        for (int i = 0; i < parts.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                if (parts[i].isEmpty()) return null;
                if (params == null) params = new HashMap<>();
                params.put(s.substring(1, s.length() - 1), java.net.URLDecoder.decode(parts[i], java.nio.charset.StandardCharsets.UTF_8));
            } else if (!s.equals(parts[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
