package io.hazardgate.simulator.scenario.run;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.plant.MqttPlantLink;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import java.util.List;

/**
 * A plant in lock-step with a gateway whose clock follows it (a test's gateway in the same process, the
 * demo's own). The
 * gateway's clock is the {@link #frontier}; this uplink, before sending a message, waits until nothing
 * sampled more than {@code spanMillis} (plant time, the {@link #freshness}) earlier is still
 * unacknowledged, so the messages on their way never span more than that. With the frontier running at
 * most that far past the oldest of them, the gateway takes every reading between its timestamp and
 * {@code spanMillis} after it: never before it was due, never stale, and never so late that its point
 * looks silent in between.
 */
public final class LockStepUplink implements TelemetrySink {
    /** A gateway that does not acknowledge for this long is not waited for (the run reports what it lost). */
    private static final long TIMEOUT_MILLIS = 30_000;

    /**
     * The most (plant time) the frontier runs past the oldest message not yet acknowledged. The gateway
     * evaluates a reading only if it is no older at arrival than its point's no-data window, and never
     * less than 5 minutes (docs/alarms.md); within that, {@link #freshness} chooses less.
     */
    static final long MAX_FRESHNESS_MILLIS = 4 * 60_000;

    private final MqttPlantLink link;
    private final long spanMillis;

    public LockStepUplink(MqttPlantLink link, long spanMillis) {
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

    /**
     * The plant time a gateway whose clock follows the plant may have reached (its
     * {@link io.hazardgate.simulator.time.PlantFrontier}): the plant's clock, but not past the next message
     * not yet sent, nor more than {@code freshness} past the oldest one not yet acknowledged.
     */
    public static long frontier(long plantNow, long sentBefore, long oldestInFlight, long freshness) {
        long fresh = oldestInFlight > Long.MAX_VALUE - freshness ? Long.MAX_VALUE : oldestInFlight + freshness;
        return Math.min(plantNow, Math.min(sentBefore, fresh));
    }

    /**
     * How far a gateway whose clock follows the plant may take a reading after its timestamp: half of what
     * the tightest played point leaves between its period and its no-data window (25 s for a 10 s point
     * judged silent after a minute), so that its next reading is always in before it could look silent;
     * and never more than {@link #MAX_FRESHNESS_MILLIS}, so that every reading is live.
     */
    public static long freshness(List<Site> sites, Plant plant) {
        long f = MAX_FRESHNESS_MILLIS;
        for (Site site : sites) {
            for (Sensor sensor : site.sensors()) {
                if (!plant.hasTag(site.id(), sensor.tag()) || !sensor.rules().noData().enabled()) continue;
                long period = sensor.period().toMillis();
                f = Math.min(f, (sensor.rules().noData().window(sensor.period()).toMillis() - period) / 2);
            }
        }
        return Math.max(1_000, f);
    }
}
