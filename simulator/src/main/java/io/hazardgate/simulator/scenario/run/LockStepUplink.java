package io.hazardgate.simulator.scenario.run;

import io.hazardgate.simulator.plant.MqttPlantLink;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;

/**
 * The uplink of a plant whose gateway's clock follows the plant ({@link ScenarioRun#frontier}): before
 * sending a message it waits until nothing sampled more than {@code spanMillis} (plant time) earlier is
 * still unacknowledged, so the messages on their way never span more than that. With the frontier
 * running at most that far past the oldest of them, the gateway takes every reading between its
 * timestamp and {@code spanMillis} after it: never before it was due, never stale, and never so late
 * that its point looks silent in between.
 */
final class LockStepUplink implements TelemetrySink {
    /** A gateway that does not acknowledge for this long is not waited for (the run reports what it lost). */
    private static final long TIMEOUT_MILLIS = 30_000;

    private final MqttPlantLink link;
    private final long spanMillis;

    LockStepUplink(MqttPlantLink link, long spanMillis) {
        this.link = link;
        this.spanMillis = spanMillis;
    }

    @Override
    public void send(TelemetryBatch batch) {
        link.awaitInFlightFrom(batch.plantMillis() - spanMillis, TIMEOUT_MILLIS);
        link.send(batch);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        link.sendRaw(site, device, payload);
    }
}
