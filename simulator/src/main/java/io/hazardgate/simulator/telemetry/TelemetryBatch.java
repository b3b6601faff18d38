package io.hazardgate.simulator.telemetry;

import java.util.List;

/**
 * What one data logger sends in one message: the readings it sampled at one moment.
 *
 * @param ts the message timestamp, epoch ms; readings without their own take this one
 */
public record TelemetryBatch(String site, String device, long ts, List<Reading> readings) {
    public TelemetryBatch {
        readings = List.copyOf(readings);
    }

    /** {@code plant/{site}/{device}/telemetry}, the topic a device publishes on. */
    public String topic() {
        return topic(site, device);
    }

    public static String topic(String site, String device) {
        return "plant/" + site + "/" + device + "/telemetry";
    }
}
