package io.hazardgate.simulator.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway clock that runs on the wall clock until a scenario (or the demo) starts, then follows the plant as it plays
 * ({@link PlantFrontier}: plant time, held back to the next message not yet sent and the oldest not yet
 * acknowledged); given to an in-process gateway, it makes periods, trends, no-data and escalation judged
 * in plant time, and no stall of the machine makes a reading arrive later than it was due. It never goes
 * back. The demo's own gateway runs on one ({@code hazardgate demo}); so do the tests' in-process gateways. Between two scenarios it stands still ({@link #hold()}), and the next one starts from where it
 * stands ({@link #millis()}).
 */
public final class PlantClock extends Clock {
    private volatile PlantFrontier plant;
    private volatile long held = Long.MIN_VALUE;
    private final AtomicLong latest = new AtomicLong(Long.MIN_VALUE);

    public void follow(PlantFrontier frontier) {
        this.plant = frontier;
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
        PlantFrontier f = plant;
        long now = f == null ? System.currentTimeMillis() : f.plantMillis();
        return latest.accumulateAndGet(now, Math::max);
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
