package io.hazardgate.mqtt.broker;

/**
 * One message on its way to one subscriber: the shared {@link PublishedMessage} plus what is particular
 * to this delivery (granted QoS, retain flag, packet id, how far the QoS 1/2 handshake got). Owned by
 * the session it was queued in and only touched under that session's lock.
 */
public final class OutboundMessage {
    /** Where a QoS 1/2 delivery stands (MQTT 3.1.1 §4.3). */
    public enum State { QUEUED, AWAIT_PUBACK, AWAIT_PUBREC, AWAIT_PUBCOMP }

    private final PublishedMessage message;
    private final int qos;
    private final boolean retain;
    private int packetId;
    private State state = State.QUEUED;
    private boolean sent;

    OutboundMessage(PublishedMessage message, int qos, boolean retain) {
        this.message = message;
        this.qos = qos;
        this.retain = retain;
    }

    public PublishedMessage message() { return message; }

    public int qos() { return qos; }

    public boolean retain() { return retain; }

    public int packetId() { return packetId; }

    public State state() { return state; }

    /** True once written at least once: a resend carries DUP (MQTT 3.1.1 §3.3.1.1). */
    public boolean sent() { return sent; }

    void markSent() { sent = true; }

    void assign(int id, State newState) {
        packetId = id;
        state = newState;
    }

    void state(State newState) { state = newState; }
}
