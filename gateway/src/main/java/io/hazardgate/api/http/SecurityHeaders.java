package io.hazardgate.api.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * Headers every answer of the HTTP port carries: the dashboard loads only its own files and cannot be
 * framed by another site (clickjacking the acknowledge button), browsers do not guess content types,
 * and no address of the gateway leaks to other sites in a Referer.
 */
public final class SecurityHeaders {
    /** Everything from the gateway itself; no inline script or style, no plugins, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private SecurityHeaders() {}

    public static void apply(HttpHeaders headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
    }
}
