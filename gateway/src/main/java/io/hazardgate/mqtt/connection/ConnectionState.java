package io.hazardgate.mqtt.connection;

/** Where a connection stands in the MQTT lifecycle. */
public enum ConnectionState {
    /** Socket open, CONNECT not yet received: it must be the first packet (MQTT 3.1.1 §3.1). */
    AWAIT_CONNECT,
    /**
     * CONNECT received, credentials being checked (or a failed login's answer being delayed). Packets
     * the client sent right behind its CONNECT wait until the outcome (MQTT 5 §3.1.4 lets it send them).
     */
    AUTHENTICATING,
    /** CONNACK accepted sent; the client may publish and subscribe. */
    CONNECTED,
    /** Closing: nothing more is processed. */
    CLOSING
}
