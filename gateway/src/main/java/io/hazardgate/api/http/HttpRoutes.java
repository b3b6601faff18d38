package io.hazardgate.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The routing table of the HTTP port: exact or parameterised paths per method, streams, static assets. */
public final class HttpRoutes {
    record Entry(String method, String pattern, RoutePattern matcher, HttpRoute route) {}

    /** A matched route with its path parameters. */
    record Match(HttpRoute route, Map<String, String> params) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<Map.Entry<String, StreamEndpoint>> streams = new ArrayList<>();
    private StaticAssets assets;

    public HttpRoutes get(String pattern, HttpRoute route) { return add("GET", pattern, route); }

    public HttpRoutes post(String pattern, HttpRoute route) { return add("POST", pattern, route); }

    public HttpRoutes delete(String pattern, HttpRoute route) { return add("DELETE", pattern, route); }

    public HttpRoutes stream(String path, StreamEndpoint endpoint) {
        streams.add(Map.entry(path, endpoint));
        return this;
    }

    public HttpRoutes assets(StaticAssets staticAssets) {
        this.assets = staticAssets;
        return this;
    }

    private HttpRoutes add(String method, String pattern, HttpRoute route) {
        entries.add(new Entry(method, pattern, new RoutePattern(pattern), route));
        return this;
    }

    StreamEndpoint stream(String path) {
        for (Map.Entry<String, StreamEndpoint> s : streams) {
            if (s.getKey().equals(path)) return s.getValue();
        }
        return null;
    }

    StaticAssets assets() { return assets; }

    /** The route for method and path; null when nothing matches. */
    Match find(String method, String path) {
        for (Entry e : entries) {
            Map<String, String> p = e.matcher().match(path);
            if (p != null && (e.method().equals(method) || (method.equals("HEAD") && e.method().equals("GET")))) {
                return new Match(e.route(), p);
            }
        }
        return null;
    }

    /** The methods some route accepts on {@code path}, for a 405 answer. */
    List<String> methodsFor(String path) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.matcher().match(path) != null && !out.contains(e.method())) out.add(e.method());
        }
        return out;
    }
}
