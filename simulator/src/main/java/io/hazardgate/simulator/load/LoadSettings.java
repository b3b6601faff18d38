package io.hazardgate.simulator.load;

import io.hazardgate.simulator.mqtt.BrokerSettings;
import java.time.Duration;

/**
 * Everything a load run is told.
 *
 * @param sensorsPerDevice points per device; each message carries the next {@code readingsPerMessage}
 *                         of them, so it must be a multiple of that
 * @param rate             target messages per second over all clients; 0 for as fast as possible
 * @param duration         how long to publish; {@code null} when only {@code messages} bounds the run
 * @param messages         messages to publish in all; {@link Long#MAX_VALUE} for no bound
 * @param maxInflight      unacknowledged messages per client (Paho's maxInflight)
 * @param subscribeFilter  topic filter of a counting subscriber, or {@code null} for none
 * @param drainTimeout     how long to wait for outstanding acknowledgements and deliveries at the end
 * @param alarmEvery       every this many messages of a client carry a reading over the load points' limit,
 *                         to measure end-to-end alarm latency; 0 for none
 */
public record LoadSettings(BrokerSettings broker, LoadNaming naming, int devices, int readingsPerMessage, int sensorsPerDevice,
                           double rate, int qos, Duration duration, long messages, Duration ramp, int clients, int maxInflight,
                           long seed, String subscribeFilter, int subscribeQos, Duration drainTimeout, int alarmEvery) {
    public LoadSettings {
        if (devices < 1 || devices > LoadNaming.MAX_DEVICES) throw new IllegalArgumentException("devices must be 1.." + LoadNaming.MAX_DEVICES);
        if (sensorsPerDevice < 1 || sensorsPerDevice > LoadNaming.MAX_SENSORS_PER_DEVICE) {
            throw new IllegalArgumentException("sensors per device must be 1.." + LoadNaming.MAX_SENSORS_PER_DEVICE);
        }
        if (readingsPerMessage < 1 || sensorsPerDevice % readingsPerMessage != 0) {
            throw new IllegalArgumentException("sensors per device (" + sensorsPerDevice + ") must be a multiple of readings per message ("
                    + readingsPerMessage + ")");
        }
        if (clients < 1 || clients > devices) throw new IllegalArgumentException("clients must be 1..devices (" + devices + "), got " + clients);
        if (maxInflight < 1 || maxInflight > 65_535) throw new IllegalArgumentException("in-flight window must be 1..65535");
        if (duration == null && messages == Long.MAX_VALUE) throw new IllegalArgumentException("a run needs a duration or a message count");
        if (qos < 0 || qos > 1 || subscribeQos < 0 || subscribeQos > 1) throw new IllegalArgumentException("qos must be 0 or 1");
        if (alarmEvery < 0 || alarmEvery == 1) throw new IllegalArgumentException("alarm-every must be 0 (off) or at least 2");
    }

    public RatePlan plan() {
        return new RatePlan(rate, ramp.toNanos(), messages);
    }

    /** Each device on its own connection (its own client id) when there are as many clients as devices. */
    public String clientId(int client, int firstDevice) {
        return clients == devices ? "sim-" + naming.site() + "-" + naming.device(firstDevice) : "sim-" + naming.site() + "-load-" + (client + 1);
    }
}
