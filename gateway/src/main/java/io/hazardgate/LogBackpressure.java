package io.hazardgate;

import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.record.LogState;
import java.util.function.Consumer;

/**
 * Holds MQTT publishers back while the durable log does not want more records (its disk budget is
 * reached because the store is behind, or writes are failing) and lets them go again when it does:
 * nothing is refused, TCP backpressure makes the loggers buffer on site, as they do on a link outage.
 */
final class LogBackpressure implements Consumer<LogState> {
    private final MqttServer mqtt;

    LogBackpressure(MqttServer mqtt) {
        this.mqtt = mqtt;
    }

    @Override
    public void accept(LogState state) {
        if (state.isAccepting()) {
            mqtt.resumeInbound();
        } else {
            mqtt.pauseInbound("durable log " + state);
        }
    }
}
