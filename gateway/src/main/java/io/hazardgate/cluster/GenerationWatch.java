package io.hazardgate.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which configuration generation the records of each ingest node carry, as an alarm node reads them:
 * the nodes whose site files differ from this node's, named with their generation, for {@code /ready}
 * and a gauge. A node not heard from for {@link #FORGET_AFTER} is left out (stopped, replaced, or
 * sending nothing), so a corrected node clears the report as soon as its records carry the right
 * generation, and a removed one within minutes. Written by the alarm node's thread, read by HTTP.
 */
public final class GenerationWatch {
    /** How long a node's last record counts. */
    public static final Duration FORGET_AFTER = Duration.ofMinutes(5);
    /** Ingest nodes remembered at most: the header is whatever a producer wrote, so the map is bounded. */
    static final int MAX_NODES = 256;

    private final String own;
    private final Clock clock;
    private final Map<String, Seen> nodes = new ConcurrentHashMap<>();

    private static final class Seen {
        volatile String generation;
        volatile long atMillis;
    }

    public GenerationWatch(String ownGeneration, Clock clock) {
        this.own = ownGeneration;
        this.clock = clock;
    }

    /** A record from {@code node} decoded under {@code generation}. */
    void seen(String node, String generation) {
        Seen s = nodes.get(node);
        if (s == null) {
            if (nodes.size() >= MAX_NODES) forgetOld();
            if (nodes.size() >= MAX_NODES) return;
            s = nodes.computeIfAbsent(node, n -> new Seen());
        }
        s.generation = generation;
        s.atMillis = clock.millis();
    }

    private void forgetOld() {
        long oldest = clock.millis() - FORGET_AFTER.toMillis();
        nodes.values().removeIf(s -> s.atMillis < oldest);
    }

    /** The nodes heard from lately whose records carry another generation than this node's: node to generation, by node. */
    public Map<String, String> mismatched() {
        long oldest = clock.millis() - FORGET_AFTER.toMillis();
        Map<String, String> out = new TreeMap<>();
        nodes.forEach((node, s) -> {
            String g = s.generation;
            if (s.atMillis >= oldest && !own.equals(g)) out.put(node, g);
        });
        return out;
    }

    /** One line for {@code /ready}: the same generation everywhere, or which nodes differ and how. */
    public String describe() {
        Map<String, String> other = mismatched();
        if (other.isEmpty()) {
            return "every ingest node heard from in the last " + FORGET_AFTER.toMinutes() + " min runs configuration generation " + own;
        }
        StringBuilder sb = new StringBuilder("configuration generations differ: this node runs ").append(own);
        other.forEach((node, g) -> sb.append("; ").append(node).append(" sends records of ").append(g));
        return sb.append(" (readings are matched by tag until every node runs the same site files)").toString();
    }
}
