package io.hazardgate.api.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The last hour (at most {@link #MAX_POINTS} points) of one sensor's live readings, for the dashboard's
 * sparkline and the API's recent readings. One writer thread; readers copy under the same lock, which
 * is never contended on the write side long enough to matter.
 */
final class SensorTrace {
    static final int MAX_POINTS = 360;
    static final long WINDOW_MS = 3_600_000L;

    private final long[] ts;
    private final double[] values;
    private final byte[] quality;
    private int head;
    private int size;

    SensorTrace(long periodMs) {
        int n = (int) Math.max(2, Math.min(MAX_POINTS, WINDOW_MS / Math.max(1, periodMs) + 1));
        ts = new long[n];
        values = new double[n];
        quality = new byte[n];
    }

    /** Appends a live reading; a reading older than the newest is late and left to the store. */
    synchronized void add(long t, double v, byte q) {
        if (size > 0 && t < ts[(head - 1 + ts.length) % ts.length]) return;
        ts[head] = t;
        values[head] = v;
        quality[head] = q;
        head = (head + 1) % ts.length;
        if (size < ts.length) size++;
    }

    synchronized ReadingPoint latest() {
        if (size == 0) return null;
        int i = (head - 1 + ts.length) % ts.length;
        return new ReadingPoint(ts[i], values[i], quality[i]);
    }

    /** Points with {@code from <= ts <= to}, oldest first. */
    synchronized List<ReadingPoint> between(long from, long to) {
        List<ReadingPoint> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            int i = (head - size + k + ts.length) % ts.length;
            if (ts[i] >= from && ts[i] <= to) out.add(new ReadingPoint(ts[i], values[i], quality[i]));
        }
        return out;
    }

    /**
     * From when this trace holds every live reading: the view's start until the ring first wraps, then
     * the oldest point kept.
     */
    synchronized long completeSince(long viewStart) {
        return size < ts.length ? viewStart : ts[(head - size + ts.length) % ts.length];
    }
}
