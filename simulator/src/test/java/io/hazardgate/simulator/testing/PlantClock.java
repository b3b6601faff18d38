package io.hazardgate.simulator.testing;

import io.hazardgate.simulator.time.TimeBase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A gateway clock that runs on the wall clock until a scenario starts, then follows the plant's time at
 * the scenario's speed. Plant time starts equal to the wall time, so the clock never jumps back; given to
 * an in-process gateway, it makes periods, trends and no-data judged in plant time.
 */
public final class PlantClock extends Clock {
    private volatile TimeBase plant;

    public void follow(TimeBase timeBase) {
        this.plant = timeBase;
    }

    @Override
    public long millis() {
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
