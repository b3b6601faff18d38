/**
 * The HTTP server on its own Netty event loop: routing, requests, responses, JSON, static assets and
 * server-sent event endpoints. Knows no domain; may use {@code wire} and Netty.
 */
package io.hazardgate.api.http;
