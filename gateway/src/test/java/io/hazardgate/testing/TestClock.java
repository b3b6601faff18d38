package io.hazardgate.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so time-dependent behaviour is tested without sleeping. */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    public TestClock(long startMillis) { this.millis = new AtomicLong(startMillis); }

    public void advance(long ms) { millis.addAndGet(ms); }

    public void set(long ms) { millis.set(ms); }

    @Override public long millis() { return millis.get(); }

    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }
}
