package io.hazardgate.alarm.lifecycle;

import io.hazardgate.record.AlarmEvent;

/** Receives every alarm transition the shards make. Called on shard threads; must not block. */
public interface AlarmListener {
    void onEvent(AlarmEvent event);

    /**
     * Runs {@code action} once every event handed over before it has been delivered (for the alarm bus:
     * journaled, published and recorded). Listeners that deliver at once run it at once.
     */
    default void afterDelivery(Runnable action) { action.run(); }
}
