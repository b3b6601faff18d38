package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;

/**
 * Plays a plant forward in plant time: every message due up to a given time is sampled and sent, in
 * time order (ties in device order). It never reads a clock itself, so a test can play a week of plant
 * time in milliseconds. Not thread-safe: one thread plays a plant.
 */
public final class PlantPlayer {
    private final Plant plant;
    private final PointEffect effect;
    private final TelemetrySink sink;
    private final MessageTimestamps stamps;
    private TimeBase timeBase;
    private long batches;
    private long readings;
    /** Plant time before which every message has been handed to the sink; read by other threads. */
    private volatile long sentBefore;

    /** A player whose messages carry wall-clock timestamps. */
    public PlantPlayer(Plant plant, PointEffect effect, TimeBase timeBase, TelemetrySink sink) {
        this(plant, effect, timeBase, sink, MessageTimestamps.WALL);
    }

    public PlantPlayer(Plant plant, PointEffect effect, TimeBase timeBase, TelemetrySink sink, MessageTimestamps stamps) {
        this.plant = plant;
        this.effect = effect;
        this.timeBase = timeBase;
        this.sink = sink;
        this.stamps = stamps;
        this.sentBefore = nextDue();
    }

    /** Continues with another mapping of plant to wall time (a change of speed); plant time goes on. */
    public void use(TimeBase next) {
        this.timeBase = next;
    }

    /** Plant time of the next message of any logger; {@link Long#MAX_VALUE} for an empty plant. */
    public long nextDue() {
        long min = Long.MAX_VALUE;
        for (DeviceLogger l : plant.loggers()) min = Math.min(min, l.nextDue());
        return min;
    }

    /** Sends every message due at or before {@code plantMillis}. */
    public void advanceTo(long plantMillis) {
        while (true) {
            DeviceLogger next = null;
            for (DeviceLogger l : plant.loggers()) {
                if (l.nextDue() <= plantMillis && (next == null || l.nextDue() < next.nextDue())) next = l;
            }
            if (next == null) break;
            TelemetryBatch batch = next.sampleNext(effect, timeBase, stamps);
            batches++;
            readings += batch.readings().size();
            sentBefore = batch.plantMillis();
            sink.send(batch);
        }
        sentBefore = nextDue();
    }

    /**
     * Plant time before which every message has been handed to the sink (the one due then may be on its
     * way). Safe to read from any thread: a gateway clock that follows the plant reads it
     * ({@link io.hazardgate.simulator.time.PlantFrontier}).
     */
    public long sentBefore() {
        return sentBefore;
    }

    public long batchesSent() {
        return batches;
    }

    public long readingsSent() {
        return readings;
    }
}
