package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.PublishAck;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acknowledgements a connection owes for inbound QoS 1/2 publishes, in arrival order. Ingest may
 * complete them out of order and from any thread; PUBACK/PUBREC leave strictly in the order the PUBLISH
 * packets arrived (MQTT 3.1.1 §4.6, MQTT 5 §4.6), so a completed ack waits behind an older open one.
 * Its deque is touched only on the connection's event loop.
 */
public final class InboundAckQueue {
    private static final Logger log = LoggerFactory.getLogger(InboundAckQueue.class);

    private final MqttConnection connection;
    private final EventLoop eventLoop;
    private final ArrayDeque<PendingAck> queue = new ArrayDeque<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = () -> drain(true);
    private int qos1Open;
    private volatile boolean refused;

    InboundAckQueue(MqttConnection connection, EventLoop eventLoop) {
        this.connection = connection;
        this.eventLoop = eventLoop;
    }

    /** Opens the next acknowledgement, PUBACK for QoS 1 or PUBREC for QoS 2. Event loop only. */
    public PublishAck open(int packetId, boolean qos2) {
        PendingAck ack = new PendingAck(this, packetId, qos2);
        queue.addLast(ack);
        if (!qos2) {
            qos1Open++;
        }
        connection.inboundBacklog(queue.size());
        return ack;
    }

    /**
     * True once a publish of this connection was not taken and must be sent again. An MQTT 3.1.1 client
     * learns it only when the connection closes, and then resends it and everything after it, in order: so
     * nothing after it may be taken meanwhile, or a later reading would be judged before it.
     */
    public boolean hasRefused() { return refused; }

    void markRefused() { refused = true; }

    /** True while a QoS 2 PUBLISH with this id is still waiting for its PUBREC. Event loop only. */
    public boolean awaitsPubRec(int packetId) {
        for (PendingAck ack : queue) {
            if (ack.qos2 && ack.packetId == packetId) {
                return true;
            }
        }
        return false;
    }

    /**
     * Holds the answer to {@code ack} (from {@link #open}) until {@link #release}, whoever completes it
     * meanwhile: while the broker decides whether it must wait for more ({@link #alsoWaitFor}).
     */
    public void hold(PublishAck ack) { ((PendingAck) ack).hold(); }

    /** Ends a {@link #hold}. */
    public void release(PublishAck ack) { ((PendingAck) ack).release(null); }

    /**
     * The answer to {@code ack} (from {@link #open}) also waits until {@code durable} reports: the message
     * was written to the session store (retained, or queued for a persistent session), or a QoS 2 packet id
     * was. If that fails the message counts as not stored: no acknowledgement, the client sends it again.
     */
    public void alsoWaitFor(PublishAck ack, java.util.function.BiConsumer<Runnable, java.util.function.Consumer<Exception>> durable) {
        PendingAck pending = (PendingAck) ack;
        pending.hold();
        durable.accept(() -> pending.release(null), e -> pending.release("not stored: " + e.getMessage()));
    }

    public int size() { return queue.size(); }

    /** QoS 1 publishes whose PUBACK has not been sent yet: they count against Receive Maximum. */
    public int qos1Open() { return qos1Open; }

    void completed(PendingAck ack) {
        if (eventLoop.inEventLoop()) {
            // within a read the flush waits for channelReadComplete, so pipelined publishes share one flush
            drain(!connection.isReading());
        } else if (drainScheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(drainTask);
            } catch (RejectedExecutionException e) {
                // the server is shutting down; the client redelivers what it saw no PUBACK for
            }
        }
    }

    void completedTwice(PendingAck ack) {
        log.warn("Acknowledgement for packet {} of {} completed more than once; the later call was ignored",
                ack.packetId, connection.describe());
    }

    private void drain(boolean flush) {
        drainScheduled.set(false);
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peekFirst().isDone()) {
            PendingAck ack = queue.pollFirst();
            if (!ack.qos2) {
                qos1Open--;
            }
            connection.writeInboundAck(ack);
            wrote = true;
        }
        if (wrote) {
            connection.inboundBacklog(queue.size());
            if (flush) {
                connection.channel().flush();
            } else {
                connection.flushAfterRead();
            }
        }
    }
}
