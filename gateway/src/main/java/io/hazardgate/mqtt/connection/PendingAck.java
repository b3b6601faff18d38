package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.PublishAck;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The acknowledgement owed for one inbound QoS 1 or 2 PUBLISH, completed once from any thread. The
 * answer is written before the state turns {@code DONE}, so the event loop that sees {@code DONE} sees it.
 * It may also be held ({@link #hold()}) until something else is durable too (the session store); a failed
 * hold turns the answer into "not stored".
 */
final class PendingAck implements PublishAck {
    private static final int PENDING = 0;
    private static final int COMPLETING = 1;
    private static final int DONE = 2;
    private static final AtomicIntegerFieldUpdater<PendingAck> STATE =
            AtomicIntegerFieldUpdater.newUpdater(PendingAck.class, "state");
    private static final AtomicIntegerFieldUpdater<PendingAck> HOLDS =
            AtomicIntegerFieldUpdater.newUpdater(PendingAck.class, "holds");

    private final InboundAckQueue queue;
    final int packetId;
    final boolean qos2;
    private volatile int state;
    private volatile int holds;
    private volatile String holdFailure;
    private int reasonCode;
    private String reason;

    PendingAck(InboundAckQueue queue, int packetId, boolean qos2) {
        this.queue = queue;
        this.packetId = packetId;
        this.qos2 = qos2;
    }

    @Override
    public void accepted() { complete(0, null); }

    @Override
    public void rejected(int code, String why) { complete(code, why); }

    @Override
    public void failed(String why) { complete(FAILED, why); }

    @Override
    public void retryLater(int code, String why) {
        retryCode = code;
        queue.markRefused();
        complete(RETRY_LATER, why);
    }

    /** Not a reason code: the message was not stored and must not be acknowledged. */
    static final int FAILED = -1;
    /** Not a reason code: the message was not taken; MQTT 5 gets {@link #retryCode()}, MQTT 3.1.1 no PUBACK. */
    static final int RETRY_LATER = -2;
    private int retryCode;

    /** The MQTT 5 reason code of a {@link #RETRY_LATER}. */
    int retryCode() { return retryCode; }

    boolean isDone() { return state == DONE && holds == 0; }

    /** Valid once {@link #isDone()}. */
    int reasonCode() { return holdFailure != null ? FAILED : reasonCode; }

    String reason() { return holdFailure != null ? holdFailure : reason; }

    /** The answer also waits for one more {@link #release}. */
    void hold() { HOLDS.incrementAndGet(this); }

    /** One hold ends; {@code failure} non-null when what it waited for could not be made durable. */
    void release(String failure) {
        if (failure != null) {
            holdFailure = failure;
        }
        if (HOLDS.decrementAndGet(this) == 0 && state == DONE) {
            queue.completed(this);
        }
    }

    private void complete(int code, String why) {
        if (!STATE.compareAndSet(this, PENDING, COMPLETING)) {
            queue.completedTwice(this);
            return;
        }
        reasonCode = code;
        reason = why;
        state = DONE;
        queue.completed(this);
    }
}
