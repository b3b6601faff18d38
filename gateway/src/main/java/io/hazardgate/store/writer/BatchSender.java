package io.hazardgate.store.writer;

import io.hazardgate.store.log.StoreMetrics;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch until the store takes it: retryable failures wait with exponential backoff and try
 * again, for as long as it takes (the backlog stays in the local log meanwhile), and the first sender
 * the store takes again wakes the others from their backoff. A store outage is logged once when it
 * starts, every so often while it lasts, and once when it ends.
 *
 * <p>A store that refuses a request for its content refuses all of it (QuestDB answers 400 to one NUL
 * in one tag), so the sender splits it in halves at line boundaries and sends each, again and again,
 * until only the refused lines are left: those are set aside in {@link RejectedLines}, everything else
 * is written. After the batch, the {@link TableGuard} is asked whether a table was dropped or replaced
 * around the write, in which case the batch is written again (deduplication makes that harmless).
 */
final class BatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);
    private static final long OUTAGE_REPORT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final LineWriter writer;
    private final Backoff backoff;
    private final StoreMetrics metrics;
    private final RejectedLines rejected;
    private final BooleanSupplier abandon;
    private final TableGuard guard;
    private boolean storeDown;
    private long downSinceNanos;
    private long lastReportNanos;
    /** Senders backing off wait on this; it counts the times the store came back. */
    private final Object comeback = new Object();
    private long comebacks;

    BatchSender(LineWriter writer, Backoff backoff, StoreMetrics metrics, RejectedLines rejected, BooleanSupplier abandon,
                TableGuard guard) {
        this.writer = writer;
        this.guard = guard;
        this.backoff = backoff;
        this.metrics = metrics;
        this.rejected = rejected;
        this.abandon = abandon;
    }

    /** Returns true once the batch is in the store or set aside; false if abandoned on shutdown. */
    boolean send(ShipBatch b) {
        StringBuilder readings = b.readingLines > 0 ? b.readings : null;
        StringBuilder alarms = b.alarmLines > 0 ? b.alarms : null;
        while (true) {
            long generation = guard.generation();
            int refused = 0;
            if (readings != null && !b.readingsWritten) {
                int n = sendLines(b, readings, Precision.MS);
                if (n < 0) return false;
                refused += n;
                b.readingsWritten = true;
            }
            if (alarms != null && !b.alarmsWritten) {
                int n = sendLines(b, alarms, Precision.NS);
                if (n < 0) return false;
                refused += n;
                b.alarmsWritten = true;
            }
            guard.check();
            if (guard.generation() == generation) {
                metrics.storeSuccess.increment();
                metrics.storeLines.increment(b.lines() - refused);
                return true;
            }
            // a table was dropped or replaced around the write: what went to the old one is gone
            LOG.warn("A table of the store was dropped or replaced while log offsets {}..{} were written; writing them again",
                    b.firstOffset, b.lastOffset);
            metrics.rewrites.increment();
            b.readingsWritten = false;
            b.alarmsWritten = false;
        }
    }

    /**
     * Writes {@code text} (newline-terminated lines) until the store takes it, splitting what it refuses
     * for good down to single lines, which are set aside.
     *
     * @return lines set aside, or -1 when abandoned on shutdown
     */
    private int sendLines(ShipBatch b, CharSequence text, Precision precision) {
        ArrayDeque<int[]> todo = new ArrayDeque<>();
        todo.push(new int[] {0, text.length()});
        int refused = 0;
        int attempt = 0;
        while (!todo.isEmpty()) {
            int[] range = todo.peek();
            long startNanos = System.nanoTime();
            try {
                write(text, range[0], range[1], precision);
                todo.pop();
                attempt = 0;
                storeUp(startNanos);
            } catch (StoreWriteException e) {
                if (e.retryable()) {
                    metrics.storeFailure.increment();
                    long delay = backoff.delayMillis(Math.min(attempt++, 30));
                    storeFailing(e, delay);
                    if (abandon.getAsBoolean() || !backOff(delay)) return -1;
                    metrics.storeRetries.increment();
                    continue;
                }
                metrics.storeRejected.increment();
                long generation = guard.generation();
                guard.check();
                if (guard.generation() != generation) continue; // its table was missing: recreated, try again
                todo.pop();
                int mid = split(text, range[0], range[1]);
                if (mid < 0) {
                    refused++;
                    metrics.rejectedLines.increment();
                    rejected.line(b, text.subSequence(range[0], range[1]).toString(), e.getMessage());
                } else {
                    todo.push(new int[] {mid, range[1]});
                    todo.push(new int[] {range[0], mid});
                }
            }
        }
        return refused;
    }

    /** A line start near the middle of {@code text[from, to)}, strictly inside it; -1 when it holds one line. */
    static int split(CharSequence text, int from, int to) {
        int middle = from + (to - from) / 2;
        for (int i = Math.max(from, middle - 1); i + 1 < to; i++) {
            if (text.charAt(i) == '\n') return i + 1;
        }
        for (int i = middle - 2; i >= from; i--) {
            if (text.charAt(i) == '\n') return i + 1;
        }
        return -1;
    }

    private void write(CharSequence lines, int from, int to, Precision precision) throws StoreWriteException {
        long start = System.nanoTime();
        try {
            writer.write(lines, from, to, precision);
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
