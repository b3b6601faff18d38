package io.hazardgate.mqtt.server;

import io.hazardgate.mqtt.MqttListener;

/** An MQTT listener could not be bound (its port is taken, or not ours to take); names the listener. */
public final class ListenerBindException extends IllegalStateException {
    private final transient MqttListener listener;

    ListenerBindException(MqttListener listener, Exception cause) {
        super("cannot bind MQTT listener " + listener.scheme() + " to " + listener.host() + ":" + listener.port() + ": "
                + cause.getMessage(), cause);
        this.listener = listener;
    }

    public MqttListener listener() { return listener; }
}
