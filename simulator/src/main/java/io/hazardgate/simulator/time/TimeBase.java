package io.hazardgate.simulator.time;

/**
 * Maps wall-clock time to plant time. At speed {@code x} the plant lives {@code x} times faster than
 * the wall clock from a common origin, so a 10-minute acquisition period plays every 10 s at speed 60.
 * Signals follow plant time (a diurnal cycle takes 24 min at speed 60); the timestamps a logger sends
 * are wall-clock times, so a gateway watching for late or missing data sees a live plant.
 */
public record TimeBase(long originMillis, double speed) {
    public TimeBase {
        if (!(speed > 0) || !Double.isFinite(speed)) throw new IllegalArgumentException("speed must be positive: " + speed);
    }

    public long toPlant(long wallMillis) {
        return originMillis + (long) Math.floor((wallMillis - originMillis) * speed);
    }

    /** The earliest wall time at which plant time has reached {@code plantMillis}. */
    public long toWall(long plantMillis) {
        return originMillis + (long) Math.ceil((plantMillis - originMillis) / speed);
    }
}
