package io.hazardgate.alarm;

/** Receives every alarm transition the shards make. Called on shard threads; must not block. */
public interface AlarmListener {
    void onEvent(AlarmEvent event);
}
