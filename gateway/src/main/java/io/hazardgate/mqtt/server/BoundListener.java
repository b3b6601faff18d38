package io.hazardgate.mqtt.server;

import io.hazardgate.mqtt.MqttListener;

/** A listener after binding, with the port actually bound (the configured one, or the free one for 0). */
public record BoundListener(MqttListener listener, int port) {
    /** e.g. {@code 127.0.0.1:1883} or, for WebSocket, {@code 127.0.0.1:8083/mqtt}. */
    public String address() {
        return listener.host() + ":" + port + (listener.isWebSocket() ? listener.path() : "");
    }
}
