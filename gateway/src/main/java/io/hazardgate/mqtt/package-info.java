/**
 * The gateway's MQTT transport (3.1.1 and 5.0, over TCP, TLS and WebSocket). This package holds its
 * seams, what the rest of the gateway plugs into and every sub-package may use: the listeners in
 * {@link io.hazardgate.mqtt.MqttListener}, {@link io.hazardgate.mqtt.InboundPublishHandler} and
 * {@link io.hazardgate.mqtt.PublishAck} (ingest), {@link io.hazardgate.mqtt.MessagePublisher} (alarm
 * delivery) and {@link io.hazardgate.mqtt.SubscriptionAuthorizer}. Sub-packages: {@code server} (the
 * server and its pipeline, the top), {@code handler} (per-packet flows), {@code connection}
 * (per-connection state, the disconnect path), {@code broker} (sessions, subscriptions, retained,
 * routing; no sockets), {@code auth} (identity, access, throttles), {@code metrics}. Its limits are
 * {@link io.hazardgate.config.mqtt.MqttServerConfig}, built and range-checked by the config loader. It
 * knows nothing of readings or alarms: it may use {@code config} and no other package of the gateway.
 */
package io.hazardgate.mqtt;
