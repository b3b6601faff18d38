package io.hazardgate.simulator.plant;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.simulator.signal.SignalModel;

/** A monitoring point being played: its signal model and when it is next sampled, in plant time. */
final class PlayedPoint {
    private final Sensor sensor;
    private final SignalModel model;
    private final long periodMillis;
    private long nextDue;

    PlayedPoint(Sensor sensor, SignalModel model, long firstDue) {
        this.sensor = sensor;
        this.model = model;
        this.periodMillis = sensor.period().toMillis();
        this.nextDue = firstDue;
    }

    Sensor sensor() {
        return sensor;
    }

    /**
     * Whether {@code value} is an increment the gateway sums over a window (a rain gauge's reading), as
     * opposed to a value outside the instrument's range, which is a fault whatever the window holds.
     */
    boolean reportsIncrement(double value) {
        if (!sensor.rules().accumulates()) return false;
        return !sensor.hasRange() || value >= sensor.rangeMin() && value <= sensor.rangeMax();
    }

    long nextDue() {
        return nextDue;
    }

    /** Samples the normal signal at the due time and schedules the next sample one period later. */
    double sampleAndAdvance() {
        double v = model.valueAt(nextDue);
        nextDue += periodMillis;
        return v;
    }
}
