package io.hazardgate.api.view;

import io.hazardgate.record.AlarmEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The alarm raises and escalations of the last day, in memory, for the overview's 24 h counts when no
 * store can be asked. Bounded: past {@link #CAPACITY} the oldest are forgotten.
 */
final class RecentRaises {
    static final int CAPACITY = 100_000;
    private static final long DAY_MS = 24 * 3_600_000L;

    private record Raise(long ts, String id, boolean hazard, int level) {}

    private final ArrayDeque<Raise> raises = new ArrayDeque<>();

    synchronized void add(AlarmEvent e) {
        raises.addLast(new Raise(e.eventTs(), e.id(), e.kind().isHazard(), e.level()));
        while (raises.size() > CAPACITY || (!raises.isEmpty() && raises.peekFirst().ts() < e.eventTs() - DAY_MS)) raises.removeFirst();
    }

    /** Occurrences raised or escalated since {@code fromMs}, by the highest colour each reached. */
    synchronized Map<String, Integer> countSince(long fromMs) {
        Map<String, Raise> highest = new HashMap<>();
        for (Raise r : raises) {
            if (r.ts() < fromMs) continue;
            highest.merge(r.id(), r, (a, b) -> b.level() > a.level() ? b : a);
        }
        Map<String, Integer> out = new HashMap<>();
        for (Raise r : highest.values()) {
            String colour = r.hazard() ? io.hazardgate.config.rules.RiskColour.ofLevel(r.level()).wireName() : "grey";
            out.merge(colour, 1, Integer::sum);
        }
        return out;
    }
}
