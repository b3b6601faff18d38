package io.hazardgate.simulator.operator;

import java.net.URI;

/**
 * Where and as whom the simulator acknowledges alarms: the gateway's HTTP API and an operator's
 * credentials (HTTP Basic).
 *
 * @param http the gateway's HTTP listener, e.g. {@code http://127.0.0.1:8080}
 */
public record OperatorSettings(URI http, String user, String password) {
    /** The HTTP listener of the shipped {@code config/gateway.yaml}. */
    public static final String DEFAULT_HTTP = "http://127.0.0.1:8080";
    /** The demo operator of the shipped {@code config/gateway.yaml}, as {@code user:password}. */
    public static final String DEMO_OPERATOR = "duty:hazardgate-demo";

    public OperatorSettings {
        String scheme = http.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || http.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL with a host, got '" + http + "'");
        }
        if (user.isEmpty() || user.contains(":")) throw new IllegalArgumentException("the user name must be non-empty and without ':'");
    }

    /**
     * @param url        the gateway's HTTP listener
     * @param credentials {@code user:password}
     * @throws IllegalArgumentException saying which part is wrong
     */
    public static OperatorSettings parse(String url, String credentials) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http: not a URL: " + url);
        }
        int colon = credentials.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("--operator must be user:password, got no ':' after a user name");
        try {
            return new OperatorSettings(uri, credentials.substring(0, colon), credentials.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((e.getMessage().startsWith("must be") ? "--http " : "--operator: ") + e.getMessage());
        }
    }
}
