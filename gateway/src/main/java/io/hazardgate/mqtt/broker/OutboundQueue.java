package io.hazardgate.mqtt.broker;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A session's outbound messages: those waiting to be sent (bounded by count and bytes, oldest dropped
 * on overflow, and by the bytes all sessions may queue together, newest refused then) and those sent but
 * not yet acknowledged (bounded by the inflight window). Strict FIFO, so messages keep their order per
 * topic (MQTT 3.1.1 §4.6). Not thread-safe: its session's lock guards it.
 */
final class OutboundQueue {
    /** What {@link #offer} returns when the message does not fit the total of all sessions. */
    static final int REFUSED = -1;

    private final ArrayDeque<OutboundMessage> pending = new ArrayDeque<>();
    private final ArrayDeque<OutboundMessage> inflight = new ArrayDeque<>();
    private final int maxMessages;
    private final long maxBytes;
    private final QueuedBytes total;
    private long pendingBytes;
    private int lastPacketId;
    private java.util.function.Consumer<OutboundMessage> onDrop = m -> { };

    OutboundQueue(int maxMessages, long maxBytes) {
        this(maxMessages, maxBytes, QueuedBytes.unlimited());
    }

    OutboundQueue(int maxMessages, long maxBytes, QueuedBytes total) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.total = total;
    }

    /** Told of every waiting message dropped from the queue without being sent (overflow, {@link #dropHead()}). */
    void onDrop(java.util.function.Consumer<OutboundMessage> listener) { onDrop = listener; }

    /**
     * Queues the message, giving a QoS 1/2 one its packet id unless it has one; returns how many waiting
     * messages were dropped to stay within this queue's bounds, or {@link #REFUSED} when it does not fit
     * what all sessions may queue together.
     */
    int offer(OutboundMessage message) {
        long size = message.message().sizeBytes();
        if (!total.tryReserve(size)) {
            return REFUSED;
        }
        assignPacketId(message);
        pending.addLast(message);
        pendingBytes += size;
        int dropped = 0;
        while (!pending.isEmpty() && (pending.size() > maxMessages || pendingBytes > maxBytes)) {
            OutboundMessage oldest = pending.pollFirst();
            remove(oldest);
            onDrop.accept(oldest);
            dropped++;
        }
        return dropped;
    }

    /** Puts back a message that was sent before a restart and not acknowledged, behind those already in flight. */
    void restoreInflight(OutboundMessage message) {
        inflight.addLast(message);
    }

    /** Packet ids go on from here (after a restart: from the last one given). */
    void lastPacketId(int id) { lastPacketId = id; }

    int lastPacketId() { return lastPacketId; }

    /** Gives a QoS 1/2 message its packet id now, ahead of {@link #offer}. */
    void assignPacketId(OutboundMessage message) {
        if (message.qos() > 0 && message.packetId() == 0) {
            message.packetId(nextPacketId());
        }
    }

    private void remove(OutboundMessage m) {
        long size = m.message().sizeBytes();
        pendingBytes -= size;
        total.release(size);
    }

    OutboundMessage peek() { return pending.peekFirst(); }

    /** Removes the head without sending it. */
    void dropHead() {
        OutboundMessage head = pending.pollFirst();
        if (head != null) {
            remove(head);
            onDrop.accept(head);
        }
    }

    /**
     * Takes the next message to send, giving QoS 1/2 ones an inflight slot; null when nothing waits or the
     * head needs a slot and the window is full or its packet id is still in flight (the head waits: order
     * is kept).
     */
    OutboundMessage next(int inflightLimit) {
        OutboundMessage head = pending.peekFirst();
        if (head == null || (head.qos() > 0 && (inflight.size() >= inflightLimit || inUse(head.packetId())))) {
            return null;
        }
        pending.pollFirst();
        remove(head);
        if (head.qos() > 0) {
            head.assign(head.packetId(), head.qos() == 1
                    ? OutboundMessage.State.AWAIT_PUBACK : OutboundMessage.State.AWAIT_PUBREC);
            inflight.addLast(head);
        }
        return head;
    }

    /** The inflight message with this packet id, or null. Acks usually come in order, so the head is tried first. */
    OutboundMessage inflight(int packetId) {
        for (OutboundMessage m : inflight) {
            if (m.packetId() == packetId) {
                return m;
            }
        }
        return null;
    }

    boolean removeInflight(OutboundMessage message) {
        if (inflight.peekFirst() == message) {
            inflight.pollFirst();
            return true;
        }
        return inflight.remove(message);
    }

    Iterable<OutboundMessage> inflightInOrder() { return inflight; }

    Iterable<OutboundMessage> pendingInOrder() { return pending; }

    boolean hasInflight() { return !inflight.isEmpty(); }

    int pendingCount() { return pending.size(); }

    int inflightCount() { return inflight.size(); }

    long pendingBytes() { return pendingBytes; }

    /**
     * Empties both parts; returns how many messages were discarded. Those picked for a shared
     * subscription are handed to {@code shared} instead, to go to another member of their group.
     */
    int clear(java.util.List<OutboundMessage> shared) {
        int n = 0;
        for (OutboundMessage m : inflight) {
            if (m.sharedGroup() != null && m.qos() > 0) {
                shared.add(m);
            } else {
                n++;
            }
        }
        for (OutboundMessage m : pending) {
            if (m.sharedGroup() != null && m.qos() > 0) {
                shared.add(m);
            } else {
                n++;
            }
        }
        pending.clear();
        inflight.clear();
        total.release(pendingBytes);
        pendingBytes = 0;
        return n;
    }

    /** Next id in 1..65535 (MQTT 3.1.1 §2.3.1), skipping those inflight now. */
    private int nextPacketId() {
        while (true) {
            lastPacketId = lastPacketId == 65_535 ? 1 : lastPacketId + 1;
            if (!inUse(lastPacketId)) {
                return lastPacketId;
            }
        }
    }

    private boolean inUse(int id) {
        Iterator<OutboundMessage> it = inflight.iterator();
        while (it.hasNext()) {
            if (it.next().packetId() == id) {
                return true;
            }
        }
        return false;
    }
}
