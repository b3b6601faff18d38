/**
 * The MQTT server itself: {@link io.hazardgate.mqtt.server.MqttServer} binds the listeners, builds each
 * connection's pipeline ({@link io.hazardgate.mqtt.server.MqttChannelInitializer}) and owns the broker
 * services. The top of {@code mqtt}: it may use every other part of it and {@code config}.
 */
package io.hazardgate.mqtt.server;
