package io.hazardgate.mqtt.connection;

/**
 * Why a connection closed: the {@code reason} tag of the disconnect counter, the MQTT 5 DISCONNECT
 * reason code the server sends (MQTT 5 §3.14.2.1; -1 when none is sent), and whether the client's will
 * is published (MQTT 3.1.1 §3.1.2.5: on any close not caused by a DISCONNECT packet).
 */
public enum DisconnectReason {
    CLIENT_DISCONNECT("client_disconnect", -1, false),
    /** MQTT 5 DISCONNECT with reason 0x04: close normally but publish the will. */
    CLIENT_DISCONNECT_WITH_WILL("client_disconnect_with_will", -1, true),
    CONNECTION_LOST("connection_lost", -1, true),
    CONNECT_TIMEOUT("connect_timeout", -1, false),
    /** A CONNACK with a refusal code was sent (MQTT 3.1.1 §3.2.2.3). */
    CONNECT_REFUSED("connect_refused", -1, false),
    KEEP_ALIVE_TIMEOUT("keep_alive_timeout", 0x8D, true),
    MALFORMED_PACKET("malformed_packet", 0x81, true),
    PROTOCOL_ERROR("protocol_error", 0x82, true),
    PACKET_TOO_LARGE("packet_too_large", 0x95, true),
    TOPIC_ALIAS_INVALID("topic_alias_invalid", 0x94, true),
    /** MQTT 5 §3.3.4: more QoS 1/2 publishes unacknowledged than the Receive Maximum the server announced. */
    RECEIVE_MAXIMUM_EXCEEDED("receive_maximum_exceeded", 0x93, true),
    /** A WebSocket text frame, or a frame the WebSocket layer refused (MQTT 5 §6.0.0-1). */
    WEBSOCKET_PROTOCOL_ERROR("websocket_protocol_error", -1, true),
    SESSION_TAKEN_OVER("session_taken_over", 0x8E, true),
    SERVER_SHUTTING_DOWN("server_shutting_down", 0x8B, true),
    /** An unfinished packet would have passed what all connections may hold together: 0x97 Quota exceeded. */
    PARTIAL_PACKET_BUDGET("partial_packet_budget", 0x97, true),
    /** A message could not be stored: closing without PUBACK makes the client resend it. */
    NOT_STORED("not_stored", 0x80, true),
    /** An MQTT 3.1.1 message the gateway could not take while overloaded: closing without PUBACK makes the client resend it. */
    SERVER_BUSY("server_busy", 0x89, true);

    private final String tag;
    private final int mqtt5Code;
    private final boolean publishesWill;

    DisconnectReason(String tag, int mqtt5Code, boolean publishesWill) {
        this.tag = tag;
        this.mqtt5Code = mqtt5Code;
        this.publishesWill = publishesWill;
    }

    public String tag() { return tag; }

    public int mqtt5Code() { return mqtt5Code; }

    public boolean publishesWill() { return publishesWill; }
}
