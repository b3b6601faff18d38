/**
 * The response file as configured: people, teams, duty rosters, routing rules and channels
 * ({@link io.hazardgate.config.response.ResponseSettings}), with secrets that never print themselves
 * ({@link io.hazardgate.config.response.Secret}). Immutable records, validated against the sites by the
 * loader in {@code config}; use nothing else of the gateway.
 */
package io.hazardgate.config.response;
