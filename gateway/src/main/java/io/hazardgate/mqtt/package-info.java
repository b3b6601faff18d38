/**
 * The gateway's MQTT transport (3.1.1 and 5.0, over TCP, TLS and WebSocket). Its public face:
 * {@link io.hazardgate.mqtt.server.MqttServer} with its limits in {@link io.hazardgate.mqtt.MqttServerConfig}
 * and its listeners in {@link io.hazardgate.mqtt.MqttListener}; the seams the rest of the gateway plugs
 * into: {@link io.hazardgate.mqtt.InboundPublishHandler} and {@link io.hazardgate.mqtt.PublishAck}
 * (ingest), {@link io.hazardgate.mqtt.MessagePublisher} (alarm delivery), the authenticator and access
 * policy of {@code auth}, and {@link io.hazardgate.mqtt.server.MqttServer#pauseInbound(String)} (durable-log
 * backpressure). It knows nothing of readings or alarms. Subpackages: {@code auth} (identity, access,
 * throttles), {@code broker} (sessions, subscriptions, retained, routing; no sockets), {@code connection}
 * (per-connection state, the disconnect path), {@code handler} (the Netty pipeline and per-packet flows),
 * {@code metrics}.
 */
package io.hazardgate.mqtt;
