package io.hazardgate.alarm.delivery;

import java.util.concurrent.CompletableFuture;

/** Where alarm messages are published (the gateway's MQTT broker); must not block. */
public interface AlarmOutput {
    void publish(String topic, byte[] payload, int qos, boolean retain);

    /**
     * Completes once everything published so far is on disk wherever it must survive a restart (the
     * queues of offline control rooms, retained state); exceptionally if some of it could not be written.
     */
    default CompletableFuture<Void> persisted() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Publishes again at start what may have been published before a restart, without a second copy
     * where the first is still held (an equal retained message, an equal message in a session's queue).
     */
    default void republish(String topic, byte[] payload, int qos, boolean retain) {
        publish(topic, payload, qos, retain);
    }

    /** The payload retained on {@code topic} now, or null. */
    default byte[] retained(String topic) {
        return null;
    }
}
