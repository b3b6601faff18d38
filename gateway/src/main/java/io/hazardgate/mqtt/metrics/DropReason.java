package io.hazardgate.mqtt.metrics;

/** Why an outbound message did not reach a subscriber; the {@code reason} tag of the drop counter. */
public enum DropReason {
    /** The session's queue was at its count or byte limit; the oldest waiting message was dropped. */
    QUEUE_FULL("queue_full"),
    /** QoS 0 message for a subscriber that is offline: QoS 0 is never queued for later. */
    QOS0_OFFLINE("qos0_offline"),
    /** The session ended (clean session disconnect, takeover with clean start, expiry) with messages waiting. */
    SESSION_ENDED("session_ended"),
    /** Larger than the Maximum Packet Size the MQTT 5 client declared (MQTT 5 §3.1.2.11.4). */
    CLIENT_MAX_PACKET_SIZE("client_max_packet_size"),
    /** Its MQTT 5 Message Expiry Interval ran out while it waited (MQTT 5 §3.3.2.3.3). */
    EXPIRED("expired"),
    /** A shared subscription's group had no member left to take it. */
    NO_SHARED_MEMBER("no_shared_member"),
    /** The bytes queued by all sessions together were at their limit; the new message was not queued. */
    TOTAL_QUEUE_FULL("total_queue_full"),
    /** The subscriber may no longer read the topic (its rights changed after it subscribed). */
    NOT_AUTHORIZED("not_authorized");

    private final String tag;

    DropReason(String tag) { this.tag = tag; }

    public String tag() { return tag; }
}
