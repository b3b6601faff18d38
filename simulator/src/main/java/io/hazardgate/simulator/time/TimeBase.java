package io.hazardgate.simulator.time;

/**
 * Maps wall-clock time to plant time. At speed {@code x} the plant lives {@code x} times faster than
 * the wall clock, so a 10-minute acquisition period plays every 10 s at speed 60. Plant time equals
 * {@code plantOrigin} at wall time {@code wallOrigin}; a run that changes speed part-way (the demo's
 * scenarios each have their own) continues with {@link #continueAt}, so plant time never jumps.
 * Signals follow plant time; what timestamps a logger sends is {@link MessageTimestamps}' business.
 */
public record TimeBase(long wallOrigin, long plantOrigin, double speed) {
    public TimeBase {
        if (!(speed > 0) || !Double.isFinite(speed)) throw new IllegalArgumentException("speed must be positive: " + speed);
    }

    /** Plant and wall clocks together at {@code originMillis}. */
    public TimeBase(long originMillis, double speed) {
        this(originMillis, originMillis, speed);
    }

    public long toPlant(long wallMillis) {
        return plantOrigin + (long) Math.floor((wallMillis - wallOrigin) * speed);
    }

    /** The earliest wall time at which plant time has reached {@code plantMillis}. */
    public long toWall(long plantMillis) {
        return wallOrigin + (long) Math.ceil((plantMillis - plantOrigin) / speed);
    }

    /** The same plant clock from plant time {@code plantMillis} on, at another speed. */
    public TimeBase continueAt(long plantMillis, double newSpeed) {
        return new TimeBase(toWall(plantMillis), plantMillis, newSpeed);
    }
}
