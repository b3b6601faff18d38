/**
 * The HTTP server on its own Netty event loop: routing, requests, responses, JSON, static assets and
 * server-sent event endpoints, and what keeps hostile browsers and clients out (Host and Origin checks,
 * security headers, request and idle timeouts). Knows no domain; may use {@code wire}, its own settings
 * in {@code config} and Netty.
 */
package io.hazardgate.api.http;
