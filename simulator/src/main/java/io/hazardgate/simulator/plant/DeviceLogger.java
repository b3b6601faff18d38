package io.hazardgate.simulator.plant;

import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import java.util.ArrayList;
import java.util.List;

/**
 * A data logger (DTU/RTU) of the plant: it samples each of its points at the point's own period and
 * sends the readings due at the same moment together, in one message, as real loggers do. A point the
 * gateway accumulates (a rain gauge) reports its increments scaled to the message timestamps
 * ({@link MessageTimestamps#incrementShare}); a value outside the instrument's range is a fault, sent as
 * it is.
 */
public final class DeviceLogger {
    private final String site;
    private final String device;
    private final List<PlayedPoint> points;

    DeviceLogger(String site, String device, List<PlayedPoint> points) {
        if (points.isEmpty()) throw new IllegalArgumentException("device " + device + " has no points");
        this.site = site;
        this.device = device;
        this.points = List.copyOf(points);
    }

    public String site() {
        return site;
    }

    public String device() {
        return device;
    }

    /** Tags of the points this logger sends, in configuration order. */
    public List<String> tags() {
        return points.stream().map(p -> p.sensor().tag()).toList();
    }

    /** Plant time of this logger's next message. */
    public long nextDue() {
        long min = Long.MAX_VALUE;
        for (PlayedPoint p : points) min = Math.min(min, p.nextDue());
        return min;
    }

    /** Samples every point due at {@link #nextDue()} and returns them as one message. */
    TelemetryBatch sampleNext(PointEffect effect, TimeBase timeBase, MessageTimestamps stamps) {
        long due = nextDue();
        List<Reading> readings = new ArrayList<>();
        double share = stamps.incrementShare(timeBase);
        for (PlayedPoint p : points) {
            if (p.nextDue() != due) continue;
            Reading normal = Reading.of(p.sensor().tag(), p.sampleAndAdvance());
            Reading r = effect.apply(site, normal, due);
            if (share != 1 && p.reportsIncrement(r.value())) r = new Reading(r.tag(), r.value() * share, r.ts(), r.quality());
            readings.add(r);
        }
        return new TelemetryBatch(site, device, stamps.stamp(due, timeBase), readings, due);
    }
}
