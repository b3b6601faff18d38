package io.hazardgate.alarm.state;

/**
 * A sliding-window sum of increments, e.g. a rain gauge's per-period millimetres summed over the last
 * 24 h. The window is kept as {@link #BUCKETS} buckets (half-hour steps for a day), so the sum covers
 * between 47/48 and all of the window. Readings that arrive late but still fall inside the window are
 * added to their own bucket (a logger's store-and-forward upload must count); a late reading whose
 * timestamp equals one of the last few added is a redelivered duplicate and is not counted twice.
 * Fixed size, allocation-free; owned by one shard thread.
 */
public final class Accumulator {
    static final int BUCKETS = 48;
    private static final int RECENT = 8;

    public final long bucketMs;
    private final double[] sums = new double[BUCKETS];
    private final long[] index = new long[BUCKETS];
    private final long[] recent = new long[RECENT];
    private int recentHead;
    private long newest = Long.MIN_VALUE;
    private double total;
    /** {@link #total} for readers on other threads (the control room): written after every change, by the owner. */
    private volatile double published = Double.NaN;

    Accumulator(long windowMs) {
        this.bucketMs = Math.max(1, windowMs / BUCKETS);
        java.util.Arrays.fill(index, Long.MIN_VALUE);
        java.util.Arrays.fill(recent, Long.MIN_VALUE);
    }

    /** Adds an increment at {@code ts}; returns the sum over the window ending at the newest sample. */
    public double add(long ts, double v) {
        for (int i = 0; i < RECENT; i++) {
            if (recent[i] == ts) return total;
        }
        recent[recentHead] = ts;
        recentHead = (recentHead + 1) % RECENT;
        long bi = Math.floorDiv(ts, bucketMs);
        if (newest != Long.MIN_VALUE && bi <= newest - BUCKETS) return total; // older than the window
        if (bi > newest) advance(bi);
        int o = (int) Math.floorMod(bi, (long) BUCKETS);
        if (index[o] != bi) {
            index[o] = bi;
            sums[o] = 0;
        }
        sums[o] += v;
        total += v;
        published = total;
        return total;
    }

    double total() { return total; }

    /** The sum over the window as the rules last judged it, from any thread; NaN before the first reading. */
    public double published() { return published; }

    /** Moves the window's end to bucket {@code bi}, dropping what falls out, and re-adds the rest exactly. */
    private void advance(long bi) {
        newest = bi;
        double t = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (index[i] != Long.MIN_VALUE && index[i] > bi - BUCKETS) {
                t += sums[i];
            } else {
                index[i] = Long.MIN_VALUE;
                sums[i] = 0;
            }
        }
        total = t;
    }

    /**
     * Forgets increments after {@code limitMs} (a reading stamped in the future, kept by an earlier
     * release), which would hold the window's end in the future. @return whether any were forgotten
     */
    public boolean dropAfter(long limitMs) {
        long last = Math.floorDiv(limitMs, bucketMs);
        boolean dropped = false;
        long kept = Long.MIN_VALUE;
        for (int i = 0; i < BUCKETS; i++) {
            if (index[i] == Long.MIN_VALUE) continue;
            if (index[i] > last) {
                index[i] = Long.MIN_VALUE;
                sums[i] = 0;
                dropped = true;
            } else {
                kept = Math.max(kept, index[i]);
            }
        }
        for (int i = 0; i < RECENT; i++) {
            if (recent[i] > limitMs) recent[i] = Long.MIN_VALUE;
        }
        if (dropped) {
            newest = Long.MIN_VALUE;
            total = 0;
            if (kept != Long.MIN_VALUE) advance(kept);
        }
        return dropped;
    }

    // --- snapshot support ---

    public long newest() { return newest; }

    public double[] sums() { return sums; }

    public long[] index() { return index; }

    public long[] recent() { return recent; }

    public void restore(long newestBucket, double[] s, long[] idx, long[] rec) {
        System.arraycopy(s, 0, sums, 0, BUCKETS);
        System.arraycopy(idx, 0, index, 0, BUCKETS);
        System.arraycopy(rec, 0, recent, 0, RECENT);
        if (newestBucket != Long.MIN_VALUE) {
            advance(newestBucket);
            published = total;
        }
    }
}
