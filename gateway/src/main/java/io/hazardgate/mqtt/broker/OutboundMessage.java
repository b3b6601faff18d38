package io.hazardgate.mqtt.broker;

/**
 * One message on its way to one subscriber: the shared {@link PublishedMessage} plus what is particular
 * to this delivery (granted QoS, retain flag, subscription identifiers, the shared group it was picked
 * for, packet id, how far the QoS 1/2 handshake got). A QoS 1/2 delivery gets its packet id when it is
 * queued, so that a delivery written to the session store keeps its id across a restart and a QoS 2
 * receiver recognises it (MQTT 3.1.1 §4.3.3). Owned by the session it was queued in and only touched
 * under that session's lock.
 */
public final class OutboundMessage {
    /** Where a QoS 1/2 delivery stands (MQTT 3.1.1 §4.3). */
    public enum State { QUEUED, AWAIT_PUBACK, AWAIT_PUBREC, AWAIT_PUBCOMP }

    private static final int[] NO_IDS = new int[0];

    private final PublishedMessage message;
    private final int qos;
    private final boolean retain;
    private final int[] subscriptionIds;
    private final SharedGroup sharedGroup;
    private long seq;
    private int packetId;
    private State state = State.QUEUED;
    private boolean sent;
    private boolean journaled;

    OutboundMessage(PublishedMessage message, int qos, boolean retain) {
        this(message, qos, retain, NO_IDS, null);
    }

    OutboundMessage(PublishedMessage message, int qos, boolean retain, int[] subscriptionIds, SharedGroup sharedGroup) {
        this.message = message;
        this.qos = qos;
        this.retain = retain;
        this.subscriptionIds = subscriptionIds == null ? NO_IDS : subscriptionIds;
        this.sharedGroup = sharedGroup;
    }

    public PublishedMessage message() { return message; }

    public int qos() { return qos; }

    public boolean retain() { return retain; }

    /** MQTT 5 §3.3.4: every identifier of the subscriptions that matched; empty for none. */
    public int[] subscriptionIds() { return subscriptionIds; }

    /** The shared subscription this message was picked for, or null. */
    public SharedGroup sharedGroup() { return sharedGroup; }

    /** Its place in its session's queue, counted from 1 over the session's life; 0 before it is queued. */
    public long seq() { return seq; }

    void seq(long value) { seq = value; }

    /** Whether the session store holds it (a QoS 1/2 delivery to a persistent session). */
    boolean journaled() { return journaled; }

    void journaled(boolean value) { journaled = value; }

    public int packetId() { return packetId; }

    public State state() { return state; }

    /** True once written at least once: a resend carries DUP (MQTT 3.1.1 §3.3.1.1). */
    public boolean sent() { return sent; }

    void markSent() { sent = true; }

    void assign(int id, State newState) {
        packetId = id;
        state = newState;
    }

    void packetId(int id) { packetId = id; }

    void state(State newState) { state = newState; }
}
