package io.hazardgate.mqtt.broker;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the broker core writes down what a persistent session must keep across a restart (MQTT 3.1.1
 * §3.1.2.4, MQTT 5 §4.1: subscriptions, QoS 1/2 messages queued or unacknowledged, QoS 2 exchanges in
 * progress, the session expiry, the will and its delay) and every retained message. Sessions call it
 * under their own lock and the retained store under its write lock, so records of one session (or one
 * topic) are written in the order the changes happened. No call blocks: records are queued for a group
 * commit, and whoever must not answer before they are on disk asks for a barrier ({@link #afterDurable}).
 * Implemented by {@code io.hazardgate.mqtt.persist.SessionStore}; {@link #NONE} keeps nothing.
 */
public interface SessionJournal {
    /** Whether anything is written at all; false for {@link #NONE}. */
    boolean enabled();

    /**
     * The session's own fields changed (created persistent, resumed, expiry or will changed): writes them.
     *
     * @return the session's store id: {@link Session#persistId()}, or a new one the first time
     */
    long session(Session session);

    /** The session's connection closed now (its expiry and will delay run from then). */
    void disconnected(Session session);

    /** The session ended: nothing of it is kept. */
    void ended(Session session);

    void subscribed(Session session, Subscription subscription);

    void unsubscribed(Session session, String clientFilter);

    /** A QoS 1/2 message was queued for the session. */
    void enqueued(Session session, OutboundMessage message);

    /** The message was sent for the first time: a resend after a restart carries DUP. */
    void sent(Session session, OutboundMessage message);

    /** The client's PUBREC came: the server now owes PUBREL, not the message (MQTT 3.1.1 §4.3.3). */
    void pubRecReceived(Session session, OutboundMessage message);

    /** The message left the queue: acknowledged, or dropped (counted by the caller). */
    void removed(Session session, OutboundMessage message);

    /** An inbound QoS 2 packet id the server must remember until PUBREL (method B). */
    void qos2Arrived(Session session, int packetId);

    void qos2Released(Session session, int packetId);

    /** The message is now the topic's retained message. */
    void retained(PublishedMessage message);

    /** The topic has no retained message any more. */
    void retainedRemoved(String topic);

    /**
     * A message is about to be queued for sessions: its body is written once, ahead of the deliveries that
     * refer to it. Returns the ticket {@link #endFanOut} closes; null when nothing is kept.
     */
    FanOut beginFanOut(PublishedMessage message);

    /** Every delivery of the fan-out is queued (and written). */
    void endFanOut(FanOut fanOut);

    /**
     * Runs {@code onDurable} once every record written before this call is on disk, or {@code onFailed} if
     * any of them could not be written; on the store's thread, so it must only hand work on.
     */
    void afterDurable(Runnable onDurable, Consumer<Exception> onFailed);

    /** As {@link #afterDurable}, as a future (completed exceptionally on a failure). */
    default CompletableFuture<Void> durable() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        afterDurable(() -> f.complete(null), f::completeExceptionally);
        return f;
    }

    /** One message's way into session queues; {@link #whenDurable} answers its publisher. */
    interface FanOut {
        /**
         * Runs {@code onDurable} once the message and every delivery queued for it are on disk, or
         * {@code onFailed} if any of them could not be written.
         */
        void whenDurable(Runnable onDurable, Consumer<Exception> onFailed);
    }

    /** Keeps nothing: sessions and retained messages live in memory only. */
    SessionJournal NONE = new SessionJournal() {
        @Override public boolean enabled() { return false; }

        @Override public long session(Session session) { return 0; }

        @Override public void disconnected(Session session) {}

        @Override public void ended(Session session) {}

        @Override public void subscribed(Session session, Subscription subscription) {}

        @Override public void unsubscribed(Session session, String clientFilter) {}

        @Override public void enqueued(Session session, OutboundMessage message) {}

        @Override public void sent(Session session, OutboundMessage message) {}

        @Override public void pubRecReceived(Session session, OutboundMessage message) {}

        @Override public void removed(Session session, OutboundMessage message) {}

        @Override public void qos2Arrived(Session session, int packetId) {}

        @Override public void qos2Released(Session session, int packetId) {}

        @Override public void retained(PublishedMessage message) {}

        @Override public void retainedRemoved(String topic) {}

        @Override public FanOut beginFanOut(PublishedMessage message) { return null; }

        @Override public void endFanOut(FanOut fanOut) {}

        @Override public void afterDurable(Runnable onDurable, Consumer<Exception> onFailed) { onDurable.run(); }
    };
}
