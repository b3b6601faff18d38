package io.hazardgate.simulator.testing;

import io.hazardgate.simulator.time.TimeBase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A gateway clock that runs on the wall clock until a scenario starts, then follows the plant's time at
 * the scenario's speed; given to an in-process gateway, it makes periods, trends and no-data judged in
 * plant time. Between two scenarios it stands still ({@link #hold()}), and the next one starts from
 * where it stands ({@link #millis()}), so the clock never goes back.
 */
public final class PlantClock extends Clock {
    private volatile TimeBase plant;
    private volatile long held = Long.MIN_VALUE;

    public void follow(TimeBase timeBase) {
        this.plant = timeBase;
        this.held = Long.MIN_VALUE;
    }

    /** Stops the clock where it is, until the next {@link #follow}. */
    public void hold() {
        held = millis();
    }

    @Override
    public long millis() {
        long h = held;
        if (h != Long.MIN_VALUE) return h;
        TimeBase tb = plant;
        long wall = System.currentTimeMillis();
        return tb == null ? wall : tb.toPlant(wall);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
