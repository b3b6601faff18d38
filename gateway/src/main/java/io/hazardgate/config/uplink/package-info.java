/**
 * The {@code uplinks} section of the configuration: each supervision platform the gateway reports to
 * ({@link io.hazardgate.config.uplink.UplinkSettings}), over HTTP(S) or an MQTT bridge, with its key
 * material ({@link io.hazardgate.config.uplink.UplinkKeys}, read from a file, never printed) and the
 * templates that map messages onto the platform's field names
 * ({@link io.hazardgate.config.uplink.TemplateNode}, checked against
 * {@link io.hazardgate.config.uplink.TemplateVariables}). Immutable records; use nothing else of the
 * gateway.
 */
package io.hazardgate.config.uplink;
