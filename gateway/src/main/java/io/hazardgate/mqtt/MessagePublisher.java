package io.hazardgate.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes a message from inside the gateway to the MQTT subscribers whose filters match, exactly as
 * if a client had published it (retained messages are stored; QoS is downgraded per subscription).
 * Safe to call from any thread; never blocks.
 */
public interface MessagePublisher {
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Completes once everything published so far is on disk wherever it must survive a restart (the
     * retained message, the queues of persistent sessions); exceptionally if some of it could not be
     * written. At once when nothing is kept on disk.
     */
    default CompletableFuture<Void> persisted() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Publishes again what may have been published before a restart: a retained message equal to the
     * one kept is not sent again, and a session that still holds an equal message queued does not get a
     * second copy. For startup only.
     */
    default void republish(String topic, byte[] payload, int qos, boolean retain) {
        publish(topic, payload, qos, retain);
    }

    /** The payload retained on {@code topic} now, or null (a copy). */
    default byte[] retained(String topic) {
        return null;
    }
}
