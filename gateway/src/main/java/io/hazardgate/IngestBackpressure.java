package io.hazardgate;

import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.record.LogState;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Holds MQTT publishers back while the gateway cannot take more, and lets them go again when it can:
 * while the durable log does not want more records (its disk budget is reached because the store is
 * behind, or writes are failing), and while the alarm shards are too far behind. Nothing is refused:
 * TCP backpressure makes the loggers buffer on site, as they do on a link outage, and nothing is
 * acknowledged that is not on disk and evaluated or queued for evaluation.
 */
final class IngestBackpressure implements Consumer<LogState> {
    private final MqttServer mqtt;
    private final BooleanSupplier alarmsOverloaded;
    private LogState log = LogState.ACCEPTING;
    private String pausedFor;

    /** @param alarmsOverloaded whether the alarm shards are too far behind; re-read on every {@link #refresh()} */
    IngestBackpressure(MqttServer mqtt, BooleanSupplier alarmsOverloaded) {
        this.mqtt = mqtt;
        this.alarmsOverloaded = alarmsOverloaded;
    }

    /** The durable log's state changed. */
    @Override
    public synchronized void accept(LogState state) {
        this.log = state;
        refresh();
    }

    /**
     * Applies what holds now. Callers on different threads may be told of changes in any order, so the
     * state is read here rather than passed in.
     */
    synchronized void refresh() {
        String why = !log.isAccepting() ? "durable log " + log
                : alarmsOverloaded.getAsBoolean() ? "alarm evaluation behind" : null;
        if (why == null) {
            if (pausedFor != null) mqtt.resumeInbound();
        } else if (!why.equals(pausedFor)) {
            mqtt.pauseInbound(why);
        }
        pausedFor = why;
    }
}
