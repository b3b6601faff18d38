package io.hazardgate.mqtt;

/**
 * The answer to one inbound PUBLISH that an {@link InboundPublishHandler} took over. Exactly one of the
 * three methods is called, once, from any thread; the transport sends the PUBACK on the channel's own
 * event loop and keeps PUBACKs in the order the PUBLISH packets arrived (MQTT 3.1.1 §4.6).
 */
public interface PublishAck {
    /** The message is safe (durable): acknowledge it. */
    void accepted();

    /**
     * The message was refused. MQTT 5 clients get the reason code and string in the PUBACK; MQTT 3.1.1
     * has no negative acknowledgement, so they get a plain PUBACK (a refused payload must not be
     * redelivered forever) and the reason reaches them by other means (the errors topic).
     *
     * @param reasonCode an MQTT 5 PUBACK reason code, e.g. 0x99 payload format invalid
     */
    void rejected(int reasonCode, String reason);

    /**
     * The message could not be made safe (the gateway's disk failed). It must not be acknowledged, so
     * the connection is closed without a PUBACK and the client sends the message again when it
     * reconnects (MQTT 3.1.1 §4.4); MQTT 5 clients get DISCONNECT 0x80 with the reason first.
     */
    void failed(String reason);

    /**
     * The message was not taken, but may be if sent again (the gateway is overloaded). MQTT 5 clients get
     * the reason code (0x97 quota exceeded) in the PUBACK and decide when to resend; MQTT 3.1.1 has no
     * negative acknowledgement and a plain PUBACK would make the client drop a message nobody kept, so
     * the connection is closed without one and the client sends it again when it reconnects (§4.4).
     */
    void retryLater(int reasonCode, String reason);

    /** For QoS 0 publishes, which have nothing to acknowledge. */
    PublishAck NONE = new PublishAck() {
        @Override public void accepted() {}

        @Override public void rejected(int reasonCode, String reason) {}

        @Override public void failed(String reason) {}

        @Override public void retryLater(int reasonCode, String reason) {}
    };
}
