package io.hazardgate.store.writer;

import io.hazardgate.store.log.LogPosition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Advances the shipped position only over batches that all succeeded, in log order, however the
 * requests in flight complete. A batch that finishes early waits for those before it, so a crash
 * never skips a batch that failed: at-least-once.
 */
final class CommitTracker {
    private final ArrayDeque<ShipBatch> pending = new ArrayDeque<>();
    private volatile LogPosition committed;
    private volatile ReadingsShipped readingsShipped;

    /** How many readings of the segment holding the committed position lie before that position. */
    record ReadingsShipped(long segmentBase, long readings) {}

    CommitTracker(LogPosition start, long readingsBeforeStart) {
        this.committed = start;
        this.readingsShipped = new ReadingsShipped(start.segmentBase(), readingsBeforeStart);
    }

    synchronized void submitted(ShipBatch b) {
        pending.addLast(b);
    }

    /**
     * Marks {@code b} done; returns the batches now committed, oldest first (empty if an earlier one is
     * still in flight). The caller persists {@link #committed()} and recycles them.
     */
    synchronized List<ShipBatch> completed(ShipBatch b) {
        b.done = true;
        List<ShipBatch> out = new ArrayList<>(2);
        while (!pending.isEmpty() && pending.peekFirst().done) {
            ShipBatch head = pending.pollFirst();
            committed = head.end;
            ReadingsShipped r = readingsShipped;
            readingsShipped = new ReadingsShipped(head.endSegmentBase,
                    (head.endSegmentBase == r.segmentBase() ? r.readings() : 0) + head.readingsInEndSegment);
            out.add(head);
        }
        return out;
    }

    LogPosition committed() { return committed; }

    ReadingsShipped readingsShipped() { return readingsShipped; }

    /** Append time of the oldest record in flight, or -1 when nothing is. */
    synchronized long oldestInFlightAppendedAt() {
        ShipBatch head = pending.peekFirst();
        return head == null ? -1 : head.firstAppendedAt;
    }

    synchronized boolean idle() { return pending.isEmpty(); }
}
