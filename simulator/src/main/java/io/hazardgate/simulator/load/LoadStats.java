package io.hazardgate.simulator.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Counters and the publish→acknowledgement latency recorder of a load run, written by publisher and
 * Paho callback threads without locks and read once a second by the sampler.
 */
public final class LoadStats {
    /** Latencies above a minute are recorded as a minute; a run with such latencies has bigger problems. */
    static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(1);
    static final int SIGNIFICANT_DIGITS = 3;

    private final LongAdder published = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder connectionsLost = new LongAdder();
    private final LongAccumulator lastAckNanos = new LongAccumulator(Math::max, Long.MIN_VALUE);
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, SIGNIFICANT_DIGITS);

    void published() {
        published.increment();
    }

    void acked(long publishNanos, long ackNanos) {
        acked.increment();
        lastAckNanos.accumulate(ackNanos);
        latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, (ackNanos - publishNanos) / 1_000)));
    }

    /** Paho reported the publish failed after accepting it (e.g. the connection dropped). */
    void failed() {
        failed.increment();
    }

    /** Paho refused the publish outright (not connected, window full). */
    void refused() {
        refused.increment();
    }

    void connectionLost() {
        connectionsLost.increment();
    }

    public long publishedCount() {
        return published.sum();
    }

    public long ackedCount() {
        return acked.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long refusedCount() {
        return refused.sum();
    }

    public long connectionsLostCount() {
        return connectionsLost.sum();
    }

    public long errorCount() {
        return failedCount() + refusedCount();
    }

    /** Published but neither acknowledged nor failed yet. */
    public long inFlight() {
        return Math.max(0, publishedCount() - ackedCount() - failedCount());
    }

    long lastAckNanos() {
        return lastAckNanos.get();
    }

    Recorder latency() {
        return latency;
    }
}
