package io.hazardgate.simulator.telemetry;

/**
 * The uplink of each data logger, which a scenario can cut: {@link #drop} closes the logger's connection
 * the way a failed link does (no MQTT DISCONNECT, so the broker publishes the will and sees the device
 * go offline), {@link #restore} connects it again.
 */
public interface DeviceLink {
    void drop(String site, String device);

    void restore(String site, String device);

    /** No connection to cut: a dry run. */
    DeviceLink NONE = new DeviceLink() {
        @Override
        public void drop(String site, String device) {}

        @Override
        public void restore(String site, String device) {}
    };
}
