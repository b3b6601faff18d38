package io.hazardgate.store.writer;

import com.influxdb.client.domain.WritePrecision;
import io.hazardgate.store.log.StoreMetrics;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch until the store takes it: retryable failures wait with exponential backoff and try
 * again, for as long as it takes (the backlog stays in the local log meanwhile), and the first sender
 * the store takes again wakes the others from their backoff; a batch the store
 * refuses for good is set aside in {@link RejectedLines}. A store outage is logged once when it starts,
 * every so often while it lasts, and once when it ends.
 */
final class BatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final long OUTAGE_REPORT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LineWriter writer;
    private final Backoff backoff;
    private final StoreMetrics metrics;
    private final RejectedLines rejected;
    private final BooleanSupplier abandon;
    private boolean storeDown;
    private long downSinceNanos;
    private long lastReportNanos;
    /** Senders backing off wait on this; it counts the times the store came back. */
    private final Object comeback = new Object();
    private long comebacks;

    BatchSender(LineWriter writer, Backoff backoff, StoreMetrics metrics, RejectedLines rejected, BooleanSupplier abandon) {
        this.writer = writer;
        this.backoff = backoff;
        this.metrics = metrics;
        this.rejected = rejected;
        this.abandon = abandon;
    }

    /** Returns true once the batch is in the store or set aside; false if abandoned on shutdown. */
    boolean send(ShipBatch b) {
        String readings = b.readingLines > 0 ? b.readings.toString() : null;
        String alarms = b.alarmLines > 0 ? b.alarms.toString() : null;
        for (int attempt = 0; ; attempt++) {
            long startNanos = System.nanoTime();
            try {
                if (readings != null && !b.readingsWritten) {
                    write(readings, WritePrecision.MS);
                    b.readingsWritten = true;
                }
                if (alarms != null && !b.alarmsWritten) {
                    write(alarms, WritePrecision.NS);
                    b.alarmsWritten = true;
                }
                metrics.storeSuccess.increment();
                metrics.storeLines.increment(b.lines());
                storeUp(startNanos);
                return true;
            } catch (StoreWriteException e) {
                if (!e.retryable()) {
                    metrics.storeRejected.increment();
                    rejected.batch(b, e.getMessage());
                    return true;
                }
                metrics.storeFailure.increment();
                long delay = backoff.delayMillis(Math.min(attempt, 30));
                storeFailing(e, delay);
                if (abandon.getAsBoolean() || !backOff(delay)) return false;
                metrics.storeRetries.increment();
            }
        }
    }

    private void write(String lines, WritePrecision precision) throws StoreWriteException {
        long start = System.nanoTime();
        try {
            writer.write(lines, precision);
        } finally {
            metrics.storeWrite.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** False from a failed write until a write that began after the failure succeeds. */
    synchronized boolean storeReachable() { return !storeDown; }

    private synchronized void storeFailing(StoreWriteException e, long delayMillis) {
        long now = System.nanoTime();
        if (!storeDown) downSinceNanos = now;
        if (!storeDown || now - lastReportNanos >= OUTAGE_REPORT_NANOS) {
            LOG.warn("Time-series store write failed ({}); retrying in {} ms. Records wait in the local log, "
                    + "nothing is dropped", e.getMessage(), delayMillis);
            lastReportNanos = now;
        }
        storeDown = true;
    }

    /** A request that began before the outage was noticed proves nothing about the store now. */
    private synchronized void storeUp(long requestStartNanos) {
        if (!storeDown || requestStartNanos < downSinceNanos) return;
        LOG.info("Time-series store accepts writes again after {} s; draining the backlog",
                (System.nanoTime() - downSinceNanos) / 1_000_000_000);
        storeDown = false;
        // The other senders would sleep out backoffs of up to maxBackoff each, and the shipped position
        // waits for the oldest batch: the backlog drains only once they all try again.
        synchronized (comeback) {
            comebacks++;
            comeback.notifyAll();
        }
    }

    /** Waits {@code millis}, or less if another sender finds the store back meanwhile; false if interrupted. */
    private boolean backOff(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            synchronized (comeback) {
                long seen = comebacks;
                for (long left; comebacks == seen && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(comeback, left);
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
