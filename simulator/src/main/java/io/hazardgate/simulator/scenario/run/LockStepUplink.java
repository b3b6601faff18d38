package io.hazardgate.simulator.scenario.run;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.plant.MqttPlantLink;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.watch.AlarmWatcher;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plant in lock-step with a gateway whose clock follows it (a test's gateway in the same process, the
 * demo's own). The
 * gateway's clock is the {@link #frontier}; this uplink, before sending a message, waits until nothing
 * sampled more than {@code spanMillis} (plant time, the {@link #freshness}) earlier is still
 * unacknowledged, so the messages on their way never span more than that. With the frontier running at
 * most that far past the oldest of them, the gateway takes every reading between its timestamp and
 * {@code spanMillis} after it: never before it was due, never stale, and never so late that its point
 * looks silent in between.
 *
 * <p>A logger's link cut by the scenario holds the plant likewise until the broker has announced the
 * logger offline (its will, seen by the run's watcher): the gateway notices a dead socket when its
 * event loop gets to it, however busy the machine, and puts the logger's points in no-data at its clock's
 * time then, which the plant does not pass meanwhile.
 */
public final class LockStepUplink implements TelemetrySink, DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(LockStepUplink.class);
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
    private final AlarmWatcher watcher;

    public LockStepUplink(MqttPlantLink link, long spanMillis, AlarmWatcher watcher) {
        this.link = link;
        this.spanMillis = spanMillis;
        this.watcher = watcher;
    }

    @Override
    public void send(TelemetryBatch batch) {
        link.awaitInFlightFrom(batch.plantMillis() - spanMillis, TIMEOUT_MILLIS);
        link.send(batch);
    }

    /**
     * What a logger kept while its link was down goes at once after the link is back, without holding the
     * frontier: its readings are late by design, and the gateway takes them at the plant time of the
     * reconnection, as it would a real logger's upload. (Counted as on their way, the oldest of them would
     * hold the frontier back to long before the reconnection, and the gateway would take the upload at
     * whatever time its clock last read, before the link was back.)
     */
    @Override
    public void upload(TelemetryBatch batch) {
        link.upload(batch);
    }

    @Override
    public void sendRaw(String site, String device, byte[] payload) {
        link.sendRaw(site, device, payload);
    }

    @Override
    public void drop(String site, String device) {
        long before = watcher.offlineAnnounced(site, device);
        link.drop(site, device);
        try {
            if (!watcher.awaitOffline(site, device, before, TIMEOUT_MILLIS)) {
                LOG.warn("{}/{}: the broker did not announce the logger offline within {} ms of cutting its link", site, device, TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void restore(String site, String device) {
        link.restore(site, device);
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
