package io.hazardgate.mqtt.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The members of one shared subscription {@code $share/{group}/{filter}} (MQTT 5 §4.8.2): each
 * message goes to one member, in turn, preferring members that are connected. Lock-free for routing;
 * membership changes come from the trie's write lock.
 */
public final class SharedGroup {
    private static final Subscription[] NONE = new Subscription[0];

    private final String name;
    private final String filter;
    private final Map<String, Subscription> members = new ConcurrentHashMap<>(4);
    private final AtomicInteger cursor = new AtomicInteger();
    private volatile Subscription[] snapshot = NONE;

    SharedGroup(String name, String filter) {
        this.name = name;
        this.filter = filter;
    }

    public String name() { return name; }

    public String filter() { return filter; }

    /** Adds or replaces a session's membership; returns the one it replaced. Trie write lock held. */
    Subscription put(Subscription s) {
        Subscription previous = members.put(s.session().clientId(), s);
        snapshot = members.values().toArray(NONE);
        return previous;
    }

    /** Removes exactly this membership. Trie write lock held. */
    boolean remove(Subscription s) {
        boolean removed = members.remove(s.session().clientId(), s);
        if (removed) {
            snapshot = members.values().toArray(NONE);
        }
        return removed;
    }

    boolean isEmpty() { return members.isEmpty(); }

    int size() { return members.size(); }

    Iterable<Subscription> members() { return members.values(); }

    /**
     * The member the next message goes to: round robin over connected members, or any member when none
     * is connected (a persistent session queues it). Null when the group has no member left.
     */
    Subscription pick(Session excluded) {
        Subscription[] all = snapshot;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        int start = Math.floorMod(cursor.getAndIncrement(), n);
        Subscription fallback = null;
        for (int i = 0; i < n; i++) {
            Subscription s = all[(start + i) % n];
            if (s.session() == excluded || s.session().isEnded()) {
                continue;
            }
            if (s.session().isOnline()) {
                return s;
            }
            if (fallback == null) {
                fallback = s;
            }
        }
        return fallback;
    }
}
