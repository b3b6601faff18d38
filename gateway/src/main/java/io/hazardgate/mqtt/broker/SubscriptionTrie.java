package io.hazardgate.mqtt.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All subscriptions, as a tree of topic levels. Matching walks only the levels of the topic and the
 * '+'/'#' branches, without locks, so any thread may route; changes (subscribe, unsubscribe) are
 * serialised on one lock, which is fine because they are rare next to publishes.
 */
public final class SubscriptionTrie {
    private final Node root = new Node(null, null);
    private final Object writeLock = new Object();
    private final AtomicInteger count = new AtomicInteger();

    private static final class Node {
        final Node parent;
        final String level;
        final Map<String, Node> children = new ConcurrentHashMap<>(4);
        volatile Node plus;
        volatile Node hash;
        /** Keyed by client id: one subscription per session and filter (MQTT 3.1.1 §3.8.4). */
        final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>(2);
        /** Shared subscriptions on this filter, by share name (MQTT 5 §4.8.2). */
        volatile Map<String, SharedGroup> shared;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        boolean isEmpty() {
            return subscriptions.isEmpty() && children.isEmpty() && plus == null && hash == null
                    && (shared == null || shared.isEmpty());
        }
    }

    /** Adds or replaces the session's subscription to the filter; returns the one it replaced, if any. */
    public Subscription subscribe(Subscription subscription) {
        synchronized (writeLock) {
            Node node = root;
            for (String level : subscription.filter().split("/", -1)) {
                node = child(node, level);
            }
            Subscription previous;
            if (subscription.isShared()) {
                if (node.shared == null) {
                    node.shared = new ConcurrentHashMap<>(2);
                }
                previous = node.shared.computeIfAbsent(subscription.shareGroup(),
                        g -> new SharedGroup(g, subscription.filter())).put(subscription);
            } else {
                previous = node.subscriptions.put(subscription.session().clientId(), subscription);
            }
            if (previous == null) {
                count.incrementAndGet();
            }
            return previous;
        }
    }

    /** Removes exactly this subscription (not a newer one of a later session with the same client id). */
    public boolean unsubscribe(Subscription subscription) {
        synchronized (writeLock) {
            Node node = find(subscription.filter());
            if (node == null || !removeFrom(node, subscription)) {
                return false;
            }
            count.decrementAndGet();
            prune(node);
            return true;
        }
    }

    private static boolean removeFrom(Node node, Subscription subscription) {
        if (!subscription.isShared()) {
            return node.subscriptions.remove(subscription.session().clientId(), subscription);
        }
        Map<String, SharedGroup> groups = node.shared;
        SharedGroup group = groups == null ? null : groups.get(subscription.shareGroup());
        if (group == null || !group.remove(subscription)) {
            return false;
        }
        if (group.isEmpty()) {
            groups.remove(group.name(), group);
        }
        return true;
    }

    /** The shared group of this share name and filter, or null when it has no member. */
    public SharedGroup sharedGroup(String shareGroup, String filter) {
        Node node = find(filter);
        Map<String, SharedGroup> groups = node == null ? null : node.shared;
        return groups == null ? null : groups.get(shareGroup);
    }

    /** Feeds every subscription whose filter matches the topic name to the collector. */
    void match(String topic, SubscriberCollector collector) {
        boolean dollar = !topic.isEmpty() && topic.charAt(0) == '$';
        walk(root, topic, 0, dollar, collector);
    }

    public int size() { return count.get(); }

    /**
     * @param levelStart index where the next topic level starts, or -1 when every level is consumed
     * @param skipWildcards true only at the root of a '$' topic (MQTT 3.1.1 §4.7.2)
     */
    private static void walk(Node node, String topic, int levelStart, boolean skipWildcards,
            SubscriberCollector collector) {
        if (levelStart < 0) {
            addAll(node, collector);
            Node hash = node.hash;
            if (hash != null) {
                addAll(hash, collector); // "a/#" also matches "a" (§4.7.1.2)
            }
            return;
        }
        int slash = topic.indexOf('/', levelStart);
        int levelEnd = slash < 0 ? topic.length() : slash;
        int next = slash < 0 ? -1 : slash + 1;
        if (!skipWildcards) {
            Node hash = node.hash;
            if (hash != null) {
                addAll(hash, collector);
            }
            Node plus = node.plus;
            if (plus != null) {
                walk(plus, topic, next, false, collector);
            }
        }
        if (!node.children.isEmpty()) {
            Node child = node.children.get(topic.substring(levelStart, levelEnd));
            if (child != null) {
                walk(child, topic, next, false, collector);
            }
        }
    }

    private static void addAll(Node node, SubscriberCollector collector) {
        if (!node.subscriptions.isEmpty()) {
            for (Subscription s : node.subscriptions.values()) {
                collector.add(s);
            }
        }
        Map<String, SharedGroup> groups = node.shared;
        if (groups != null && !groups.isEmpty()) {
            for (SharedGroup g : groups.values()) {
                collector.addShared(g);
            }
        }
    }

    private static Node child(Node node, String level) {
        switch (level) {
            case "+":
                if (node.plus == null) {
                    node.plus = new Node(node, level);
                }
                return node.plus;
            case "#":
                if (node.hash == null) {
                    node.hash = new Node(node, level);
                }
                return node.hash;
            default:
                return node.children.computeIfAbsent(level, l -> new Node(node, l));
        }
    }

    private Node find(String filter) {
        Node node = root;
        for (String level : filter.split("/", -1)) {
            switch (level) {
                case "+" -> node = node.plus;
                case "#" -> node = node.hash;
                default -> node = node.children.get(level);
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Removes empty nodes upwards; a concurrent reader still holding one merely matches nothing there. */
    private static void prune(Node node) {
        while (node.parent != null && node.isEmpty()) {
            Node parent = node.parent;
            if (parent.plus == node) {
                parent.plus = null;
            } else if (parent.hash == node) {
                parent.hash = null;
            } else {
                parent.children.remove(node.level, node);
            }
            node = parent;
        }
    }

    /** Every subscription, for diagnostics and tests. */
    public List<Subscription> all() {
        List<Subscription> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node node, List<Subscription> out) {
        out.addAll(node.subscriptions.values());
        if (node.shared != null) {
            node.shared.values().forEach(g -> g.members().forEach(out::add));
        }
        node.children.values().forEach(c -> collect(c, out));
        if (node.plus != null) {
            collect(node.plus, out);
        }
        if (node.hash != null) {
            collect(node.hash, out);
        }
    }
}
