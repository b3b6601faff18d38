/**
 * The MQTT section of the configuration: listeners, limits and users with their password hashes
 * ({@link io.hazardgate.config.mqtt.MqttSettings}). Immutable records; use nothing else of the gateway.
 */
package io.hazardgate.config.mqtt;
