package io.hazardgate.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' one clock: moved by hand, so time-dependent behaviour (trends, no-data, escalation, ages and
 * lags, expiry) is tested without sleeping. {@link #nanos()} moves with it, for parts that take a
 * nanosecond clock.
 */
public final class TestClock extends Clock {
    private final AtomicLong millis;

    public TestClock(long startMillis) { this.millis = new AtomicLong(startMillis); }

    public void advance(long ms) { millis.addAndGet(ms); }

    public void advance(Duration d) { advance(d.toMillis()); }

    /** A monotonic reading for a {@code LongSupplier} nano clock, moving with this clock. */
    public long nanos() { return millis.get() * 1_000_000L; }

    public void set(long ms) { millis.set(ms); }

    @Override public long millis() { return millis.get(); }

    @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }
}
