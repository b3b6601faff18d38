package io.hazardgate.config.mqtt;

import java.time.Duration;

/**
 * The {@code mqtt.limits} block. A null field was not set and keeps the server's documented default
 * (see docs/protocol.md, "MQTT server").
 */
public record MqttLimits(
        Long maxPacketSize,
        Integer maxConnectionsPerSecondPerIp,
        Integer maxQueuedMessages,
        Long maxQueuedBytes,
        Integer maxInflight,
        Integer receiveMaximum,
        Integer topicAliasMaximum,
        Integer maxRetainedMessages,
        Long maxRetainedBytes,
        Integer maxKeepAlive,
        Duration maxSessionExpiry,
        Long maxQueuedBytesTotal,
        Long maxPartialPacketBytes,
        Duration connectTimeout,
        Duration failedLoginDelay,
        Duration failedLoginMaxDelay) {

    public static final MqttLimits DEFAULTS = new MqttLimits(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);
}
