package io.hazardgate.simulator.telemetry;

import java.util.List;

/**
 * What one data logger sends in one message: the readings it sampled at one moment.
 *
 * @param ts          the message timestamp, epoch ms; readings without their own take this one
 * @param plantMillis the plant time the readings were sampled at
 */
public record TelemetryBatch(String site, String device, long ts, List<Reading> readings, long plantMillis) {
    public TelemetryBatch {
        readings = List.copyOf(readings);
    }

    /** A message sampled at plant time {@code ts}. */
    public TelemetryBatch(String site, String device, long ts, List<Reading> readings) {
        this(site, device, ts, readings, ts);
    }

    /** {@code plant/{site}/{device}/telemetry}, the topic a device publishes on. */
    public String topic() {
        return topic(site, device);
    }

    public static String topic(String site, String device) {
        return "plant/" + site + "/" + device + "/telemetry";
    }
}
