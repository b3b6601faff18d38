/**
 * The HTTP server on its own Netty event loop: routing, requests, responses, JSON, static assets and
 * server-sent event endpoints, and what keeps hostile browsers and clients out (Host and Origin checks,
 * security headers, request and idle timeouts), and {@link io.hazardgate.api.http.ApiMetrics}, the meters
 * of the whole HTTP side. Knows no domain; may use its own settings in {@code config} and Netty.
 */
package io.hazardgate.api.http;
