package io.hazardgate.record;

/**
 * Told when a data logger's connection is lost (its MQTT will, or an {@code offline} status it
 * publishes itself) or announced again. Implemented by the alarm engine, which raises no-data for the
 * logger's points at once instead of waiting for their periods to run out. Must not block.
 */
public interface DeviceStatusSink {
    void deviceOffline(String site, String device);

    default void deviceOnline(String site, String device) {}

    DeviceStatusSink NONE = (site, device) -> {};
}
