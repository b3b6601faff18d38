/**
 * The MQTT section of the configuration: listeners, limits and users with their password hashes
 * ({@link io.hazardgate.config.mqtt.MqttSettings}). The limits are the server's own model,
 * {@link io.hazardgate.config.mqtt.MqttServerConfig}: defaults and ranges live there alone. Immutable
 * records; use nothing else of the gateway.
 */
package io.hazardgate.config.mqtt;
