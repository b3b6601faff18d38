package io.hazardgate.store.log;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segments of the log in offset order. The log's thread adds and removes them; the store writer
 * walks them concurrently, so lookups go through a concurrent map.
 */
public final class Segments {
    private final ConcurrentSkipListMap<Long, Segment> byBase = new ConcurrentSkipListMap<>();

    void add(Segment s) { byBase.put(s.baseOffset, s); }

    void remove(Segment s) { byBase.remove(s.baseOffset, s); }

    public Segment get(long baseOffset) { return byBase.get(baseOffset); }

    /** The segment after the one with this base offset, or null. */
    public Segment after(long baseOffset) {
        Map.Entry<Long, Segment> e = byBase.higherEntry(baseOffset);
        return e == null ? null : e.getValue();
    }

    /** The segment that holds (or would hold) {@code offset}, or null if it is before the first. */
    Segment containing(long offset) {
        Map.Entry<Long, Segment> e = byBase.floorEntry(offset);
        return e == null ? null : e.getValue();
    }

    Segment first() {
        Map.Entry<Long, Segment> e = byBase.firstEntry();
        return e == null ? null : e.getValue();
    }

    Segment last() {
        Map.Entry<Long, Segment> e = byBase.lastEntry();
        return e == null ? null : e.getValue();
    }

    public Iterable<Segment> inOrder() { return byBase.values(); }

    int count() { return byBase.size(); }

    long totalBytes() {
        long sum = 0;
        for (Segment s : byBase.values()) sum += s.size;
        return sum;
    }
}
