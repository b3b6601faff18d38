package io.hazardgate.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so that ages and lags are checked without sleeping. */
public final class TestClock extends Clock {
    private volatile long millis;

    public TestClock(long startMillis) { this.millis = startMillis; }

    public void advance(Duration d) { millis += d.toMillis(); }

    @Override
    public long millis() { return millis; }

    @Override
    public Instant instant() { return Instant.ofEpochMilli(millis); }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) { return this; }
}
