package io.hazardgate.alarm.state;

/**
 * Least-squares slope of a value over a sliding time window, for irregular sampling: slopes are taken
 * over time, never over sample counts. The window of length W is kept as {@link #BUCKETS} buckets of
 * W/8 each, and each bucket keeps the sums that least squares needs (n, Σt, Σv, Σt², Σtv, with t in
 * seconds from the bucket's start, so the sums stay exact enough). The slope at a moment uses the
 * buckets covering the last W, i.e. between 7/8 W and W of readings, whatever the sampling rate. The
 * ring holds two windows when the acceleration (slope of the slope between consecutive windows) is
 * wanted. Fixed size, allocation-free; owned by one shard thread.
 */
public final class TrendWindow {
    /** Buckets per window: the window slides in eighths. */
    static final int BUCKETS = 8;
    private static final int FIELDS = 6; // bucket index, n, Σt, Σv, Σt², Σtv
    /** The first and last buckets with samples must be half a window apart: a slope over a short stretch is noise. */
    private static final int MIN_SPREAD_BUCKETS = BUCKETS / 2;

    public final long bucketMs;
    public final int ring;
    private final double[] b;
    private long newest = Long.MIN_VALUE;
    /** Ring slot and start time of the newest bucket, so most samples and slopes need no division. */
    private int newestSlot;
    private long newestStart = Long.MAX_VALUE;

    /** @param windows 1 for a slope, 2 to also compare with the window before */
    TrendWindow(long windowMs, int windows) {
        this.bucketMs = Math.max(1, windowMs / BUCKETS);
        this.ring = BUCKETS * windows;
        this.b = new double[ring * FIELDS];
    }

    /** Adds a sample; one older than the ring holds (or in a bucket already reused) is dropped. */
    public void add(long ts, double v) {
        long bi;
        int slot;
        if (ts >= newestStart && ts - newestStart < bucketMs) {
            bi = newest; // the common case: same bucket as the last sample, no division
            slot = newestSlot;
        } else {
            bi = Math.floorDiv(ts, bucketMs);
            if (newest != Long.MIN_VALUE && bi <= newest - ring) return;
            slot = (int) Math.floorMod(bi, (long) ring);
        }
        int o = slot * FIELDS;
        if (b[o + 1] == 0 || b[o] != bi) {
            if (b[o + 1] != 0 && b[o] > bi) return;
            b[o] = bi;
            b[o + 1] = 0;
            b[o + 2] = 0;
            b[o + 3] = 0;
            b[o + 4] = 0;
            b[o + 5] = 0;
        }
        double t = (ts - bi * bucketMs) / 1000.0;
        b[o + 1] += 1;
        b[o + 2] += t;
        b[o + 3] += v;
        b[o + 4] += t * t;
        b[o + 5] += t * v;
        if (bi > newest || newest == Long.MIN_VALUE) setNewest(bi, slot);
    }

    private void setNewest(long bi, int slot) {
        newest = bi;
        newestSlot = slot;
        newestStart = bi * bucketMs;
    }

    /** Slope per second over the window ending with the newest sample; NaN when too few or too close samples. */
    double slope(int minSamples) {
        return newest == Long.MIN_VALUE ? Double.NaN : slopeEnding(newest, minSamples);
    }

    /**
     * Change of the slope per second between the window before and the latest one, divided by the time
     * between their mean sample times (where a least-squares slope is the best estimate of the
     * derivative, whatever the sampling). Per second²; NaN when either slope is not known.
     */
    double acceleration(int minSamples) {
        if (newest == Long.MIN_VALUE || ring < 2 * BUCKETS) return Double.NaN;
        double s1 = slopeEnding(newest, minSamples);
        double m1 = meanTime + (newest - BUCKETS + 1) * (bucketMs / 1000.0);
        double s0 = slopeEnding(newest - BUCKETS, minSamples);
        double m0 = meanTime + (newest - 2 * BUCKETS + 1) * (bucketMs / 1000.0);
        if (Double.isNaN(s1) || Double.isNaN(s0) || m1 <= m0) return Double.NaN;
        return (s1 - s0) / (m1 - m0);
    }

    /** Mean sample time of the last {@link #slopeEnding} call, in seconds from its window's start. */
    private double meanTime;

    private double slopeEnding(long end, int minSamples) {
        long first = end - BUCKETS + 1;
        double bucketSec = bucketMs / 1000.0;
        double n = 0, st = 0, sv = 0, stt = 0, stv = 0;
        long firstFilled = Long.MAX_VALUE;
        long lastFilled = Long.MIN_VALUE;
        int slot = end == newest ? newestSlot - (BUCKETS - 1) : (int) Math.floorMod(first, (long) ring);
        if (slot < 0) slot += ring;
        for (long bi = first; bi <= end; bi++, slot = slot + 1 == ring ? 0 : slot + 1) {
            int o = slot * FIELDS;
            double bn = b[o + 1];
            if (bn == 0 || b[o] != bi) continue;
            if (bi < firstFilled) firstFilled = bi;
            lastFilled = bi;
            double d = (bi - first) * bucketSec;
            double bst = b[o + 2];
            double bsv = b[o + 3];
            n += bn;
            st += bst + bn * d;
            sv += bsv;
            stt += b[o + 4] + 2 * d * bst + bn * d * d;
            stv += b[o + 5] + d * bsv;
        }
        // the samples must reach over half the window (in buckets), however many there are
        if (n < minSamples || n < 2 || lastFilled - firstFilled < MIN_SPREAD_BUCKETS) return Double.NaN;
        double den = n * stt - st * st;
        if (den <= 0) return Double.NaN;
        meanTime = st / n;
        return (n * stv - st * sv) / den;
    }

    // --- snapshot support: the ring as it is, so a restart resumes the same windows ---

    public long newest() { return newest; }

    public double[] buckets() { return b; }

    /**
     * Forgets samples after {@code limitMs} (a reading stamped in the future, kept by an earlier
     * release): they would hold the window's end in the future and every real sample behind it.
     * @return whether any were forgotten
     */
    public boolean dropAfter(long limitMs) {
        if (newest == Long.MIN_VALUE) return false;
        long last = Math.floorDiv(limitMs, bucketMs);
        boolean dropped = false;
        long kept = Long.MIN_VALUE;
        for (int slot = 0; slot < ring; slot++) {
            int o = slot * FIELDS;
            if (b[o + 1] == 0) continue;
            if (b[o] > last) {
                for (int k = 0; k < FIELDS; k++) b[o + k] = 0;
                dropped = true;
            } else if (b[o] > kept) {
                kept = (long) b[o];
            }
        }
        if (dropped) {
            if (kept == Long.MIN_VALUE) {
                newest = Long.MIN_VALUE;
                newestStart = Long.MAX_VALUE;
            } else {
                setNewest(kept, (int) Math.floorMod(kept, (long) ring));
            }
        }
        return dropped;
    }

    public void restore(long newestBucket, double[] buckets) {
        System.arraycopy(buckets, 0, b, 0, b.length);
        if (newestBucket == Long.MIN_VALUE) {
            newest = Long.MIN_VALUE;
            newestStart = Long.MAX_VALUE;
        } else {
            setNewest(newestBucket, (int) Math.floorMod(newestBucket, (long) ring));
        }
    }
}
