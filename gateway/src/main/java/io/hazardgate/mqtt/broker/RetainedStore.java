package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The last retained message per topic (MQTT 3.1.1 §3.3.1.3): set or replaced by a PUBLISH with RETAIN,
 * deleted by one with an empty payload. Held in memory as a tree of topic levels, so a new subscription
 * walks only the branches its filter can match instead of every retained message. Bounded by count and
 * bytes: a message that would pass either limit on a new topic is not retained (it is still delivered
 * to current subscribers), counted and logged at DEBUG. Reads are lock-free; writes take one lock,
 * under which every change is written to the {@link SessionJournal} (all retained messages survive a
 * restart, whatever their QoS).
 */
public final class RetainedStore {
    private static final Logger log = LoggerFactory.getLogger(RetainedStore.class);

    private final Node root = new Node(null, "");
    private final Object writeLock = new Object();
    private final MqttMetrics metrics;
    private final int maxMessages;
    private final long maxBytes;
    private final SessionJournal journal;
    private volatile int count;
    private volatile long bytes;

    private static final class Node {
        final Node parent;
        final String level;
        final Map<String, Node> children = new ConcurrentHashMap<>(4);
        volatile PublishedMessage message;

        Node(Node parent, String level) {
            this.parent = parent;
            this.level = level;
        }
    }

    /** Unbounded; for tests and embedded use. */
    public RetainedStore(MqttMetrics metrics) {
        this(metrics, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    public RetainedStore(MqttMetrics metrics, int maxMessages, long maxBytes) {
        this(metrics, maxMessages, maxBytes, SessionJournal.NONE);
    }

    /** @param journal where every change is written, so retained messages survive a restart */
    public RetainedStore(MqttMetrics metrics, int maxMessages, long maxBytes, SessionJournal journal) {
        this.journal = journal;
        this.metrics = metrics;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        metrics.retained(() -> count, () -> bytes);
    }

    /**
     * Stores, replaces or (empty payload) deletes the topic's retained message.
     *
     * @return false when the message was refused because the store is full
     */
    public boolean retain(PublishedMessage message) {
        return retain(message, true);
    }

    /**
     * Puts back a retained message restored from the session store (within this run's limits; one that
     * no longer fits is refused and counted).
     */
    public boolean restore(PublishedMessage message) {
        return retain(message, false);
    }

    private boolean retain(PublishedMessage message, boolean write) {
        synchronized (writeLock) {
            if (message.payload().length == 0) {
                Node node = find(message.topic());
                if (node != null && node.message != null) {
                    bytes -= node.message.sizeBytes();
                    count--;
                    node.message = null;
                    prune(node);
                    if (write) {
                        journal.retainedRemoved(message.topic());
                    }
                }
                return true;
            }
            Node node = find(message.topic());
            PublishedMessage old = node == null ? null : node.message;
            long newBytes = bytes - (old == null ? 0 : old.sizeBytes()) + message.sizeBytes();
            int newCount = count + (old == null ? 1 : 0);
            if (newCount > maxMessages || newBytes > maxBytes) {
                metrics.retainedRefused();
                log.debug("Retained message on {} refused: store full ({} messages, {} bytes)",
                        message.topic(), count, bytes);
                return false;
            }
            if (node == null) {
                node = root;
                for (String level : message.topic().split("/", -1)) {
                    Node n = node;
                    node = n.children.computeIfAbsent(level, l -> new Node(n, l));
                }
            }
            node.message = message;
            count = newCount;
            bytes = newBytes;
            if (write) {
                journal.retained(message);
            }
            return true;
        }
    }

    /**
     * Hands every retained message that has not expired to {@code sink}, each under the write lock, so a
     * change of that topic's message is written after what the sink writes (a snapshot of the session
     * store).
     */
    public void snapshot(long nowNanos, Consumer<PublishedMessage> sink) {
        snapshot(root, nowNanos, sink);
    }

    private void snapshot(Node node, long now, Consumer<PublishedMessage> sink) {
        synchronized (writeLock) {
            PublishedMessage m = node.message;
            if (m != null && !m.isExpired(now)) {
                sink.accept(m);
            }
        }
        for (Node child : node.children.values()) {
            snapshot(child, now, sink);
        }
    }

    /**
     * Feeds every retained message whose topic matches the filter, skipping (and forgetting) those
     * whose Message Expiry Interval has run out.
     */
    public void forEachMatching(String filter, long nowNanos, Consumer<PublishedMessage> action) {
        String[] levels = filter.split("/", -1);
        walk(root, levels, 0, nowNanos, action);
    }

    /** As {@link #forEachMatching(String, long, Consumer)} with the system nano clock. */
    public void forEachMatching(String filter, Consumer<PublishedMessage> action) {
        forEachMatching(filter, System.nanoTime(), action);
    }

    private void walk(Node node, String[] levels, int i, long now, Consumer<PublishedMessage> action) {
        if (i == levels.length) {
            emit(node, now, action);
            return;
        }
        String level = levels[i];
        boolean atRoot = i == 0;
        switch (level) {
            case "#" -> {
                emit(node, now, action); // "a/#" also matches "a" (§4.7.1.2); at the root there is no message
                for (Node child : node.children.values()) {
                    if (!(atRoot && child.level.startsWith("$"))) { // §4.7.2: wildcards skip $-topics
                        emitSubtree(child, now, action);
                    }
                }
            }
            case "+" -> {
                for (Node child : node.children.values()) {
                    if (!(atRoot && child.level.startsWith("$"))) {
                        walk(child, levels, i + 1, now, action);
                    }
                }
            }
            default -> {
                Node child = node.children.get(level);
                if (child != null) {
                    walk(child, levels, i + 1, now, action);
                }
            }
        }
    }

    private void emitSubtree(Node node, long now, Consumer<PublishedMessage> action) {
        emit(node, now, action);
        for (Node child : node.children.values()) {
            emitSubtree(child, now, action);
        }
    }

    private void emit(Node node, long now, Consumer<PublishedMessage> action) {
        PublishedMessage m = node.message;
        if (m == null) {
            return;
        }
        if (m.isExpired(now)) {
            expire(node, m);
        } else {
            action.accept(m);
        }
    }

    private void expire(Node node, PublishedMessage m) {
        synchronized (writeLock) {
            if (node.message == m) {
                node.message = null;
                count--;
                bytes -= m.sizeBytes();
                prune(node);
            }
        }
    }

    public PublishedMessage get(String topic) {
        Node node = find(topic);
        return node == null ? null : node.message;
    }

    public int size() { return count; }

    public long bytes() { return bytes; }

    private Node find(String topic) {
        Node node = root;
        for (String level : topic.split("/", -1)) {
            node = node.children.get(level);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Removes empty nodes upwards; write lock held. */
    private static void prune(Node node) {
        while (node.parent != null && node.message == null && node.children.isEmpty()) {
            node.parent.children.remove(node.level, node);
            node = node.parent;
        }
    }
}
