package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.DropReason;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The server side of an MQTT session (MQTT 3.1.1 §3.1.2.4, MQTT 5 §4.1): subscriptions, the outbound
 * queue with its inflight QoS 1/2 messages, and the QoS 2 packet ids received but not yet released.
 * It outlives connections when it is persistent. Any thread may {@link #offer} to it; delivery happens
 * on the current link's event loop through {@link #drain}. One lock (this object) guards the mutable
 * state and is held only briefly; nothing else is locked while holding it except the link's writes.
 * A persistent session writes every change of what it must keep to the {@link SessionJournal} under
 * that lock, so the session store sees the changes in the order they happened.
 */
public final class Session {
    /** MQTT 5 §3.1.2.11.2: this Session Expiry Interval means the session does not expire. */
    public static final long NEVER_EXPIRES = 0xFFFF_FFFFL;
    /** Messages written per drain before yielding the event loop to other channels. */
    static final int DRAIN_BATCH = 64;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String clientId;
    private final String owner;
    private final MqttMetrics metrics;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final OutboundQueue queue;
    private final LongSupplier nanoClock;
    private final SessionJournal journal;
    private volatile long expirySeconds;
    /** Its id in the session store; 0 while the store does not hold it. */
    private volatile long persistId;

    // guarded by this
    private SessionLink link;
    private boolean wakeScheduled;
    private boolean resendPending;
    private boolean ended;
    private long generation;
    private Set<Integer> qos2Received;
    private long droppedSinceLog;
    private long lastDropLogNanos;
    private DeferredWill deferredWill;
    private long offlineSinceNanos;
    private long nextSeq = 1;
    /** The will of the current (or last) connection, kept for a restart while it may still be sent. */
    private Will will;

    public Session(String clientId, long expirySeconds, int maxQueuedMessages, long maxQueuedBytes,
            MqttMetrics metrics) {
        this(clientId, "", expirySeconds, maxQueuedMessages, maxQueuedBytes, QueuedBytes.unlimited(), metrics,
                System::nanoTime);
    }

    /**
     * @param owner       the identity that created the session ({@code Principal.identity()}); only it
     *                    may resume or take it over
     * @param totalQueued the bytes all sessions may queue together
     * @param nanoClock   the clock message and session expiry are measured on
     */
    public Session(String clientId, String owner, long expirySeconds, int maxQueuedMessages, long maxQueuedBytes,
            QueuedBytes totalQueued, MqttMetrics metrics, LongSupplier nanoClock) {
        this(clientId, owner, expirySeconds, maxQueuedMessages, maxQueuedBytes, totalQueued, metrics, nanoClock,
                SessionJournal.NONE);
    }

    /** @param journal where a persistent session writes what it must keep across a restart */
    public Session(String clientId, String owner, long expirySeconds, int maxQueuedMessages, long maxQueuedBytes,
            QueuedBytes totalQueued, MqttMetrics metrics, LongSupplier nanoClock, SessionJournal journal) {
        this.clientId = clientId;
        this.owner = owner;
        this.expirySeconds = expirySeconds;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.journal = journal;
        this.queue = new OutboundQueue(maxQueuedMessages, maxQueuedBytes, totalQueued);
        queue.onDrop(this::droppedFromQueue);
    }

    /**
     * A session put back from the session store after a restart, offline, without its subscriptions and
     * queue yet: the registry binds those ({@link #restoreSubscription}, {@link #restoreQueue}).
     */
    Session(SessionImage image, int maxQueuedMessages, long maxQueuedBytes, QueuedBytes totalQueued,
            MqttMetrics metrics, LongSupplier nanoClock, SessionJournal journal) {
        this(image.clientId(), image.owner(), image.expirySeconds(), maxQueuedMessages, maxQueuedBytes, totalQueued,
                metrics, nanoClock, journal);
        this.persistId = image.persistId();
        this.nextSeq = image.nextSeq();
        this.offlineSinceNanos = nanoClock.getAsLong() - image.offlineNanos();
        if (!image.qos2Received().isEmpty()) {
            this.qos2Received = new HashSet<>(image.qos2Received());
        }
        this.will = image.will();
        if (will != null) {
            // its delay runs from the disconnect (for a connection the restart cut: from now)
            deferredWill = new DeferredWill(will, null,
                    offlineSinceNanos + TimeUnit.SECONDS.toNanos(will.delaySeconds()));
        }
    }

    /**
     * Puts back the restored queue: unacknowledged messages wait to be sent again (with DUP, or PUBREL
     * when the client's PUBREC had come), the others are queued again within this run's limits (what no
     * longer fits is dropped and counted, as any overflow).
     *
     * @param groups finds the shared subscription a message was picked for, or null
     */
    synchronized void restoreQueue(List<SessionImage.QueuedImage> images, int lastPacketId,
            java.util.function.BiFunction<String, String, SharedGroup> groups) {
        List<SessionImage.QueuedImage> entries = new ArrayList<>(images);
        entries.sort(Comparator.comparingLong(SessionImage.QueuedImage::seq));
        for (SessionImage.QueuedImage q : entries) {
            SharedGroup group = q.shareGroup() == null ? null : groups.apply(q.shareGroup(), q.shareFilter());
            OutboundMessage m = new OutboundMessage(q.message(), q.qos(), q.retain(), q.subscriptionIds(), group);
            m.seq(q.seq());
            m.packetId(q.packetId());
            m.journaled(true);
            if (q.sent() || q.awaitingPubComp()) {
                m.markSent();
                m.assign(q.packetId(), q.awaitingPubComp() ? OutboundMessage.State.AWAIT_PUBCOMP
                        : q.qos() == 1 ? OutboundMessage.State.AWAIT_PUBACK : OutboundMessage.State.AWAIT_PUBREC);
                queue.restoreInflight(m);
            } else {
                int dropped = queue.offer(m);
                if (dropped == OutboundQueue.REFUSED) {
                    journal.removed(this, m);
                    noteTotalFull();
                } else {
                    metrics.queuedChanged(1 - dropped);
                    if (dropped > 0) {
                        noteOverflow(dropped);
                    }
                }
            }
        }
        queue.lastPacketId(lastPacketId);
    }

    public String clientId() { return clientId; }

    /** The identity the session belongs to; a plain string so that it can be kept with the session. */
    public String owner() { return owner; }

    /** 0 ends the session with its connection; {@link #NEVER_EXPIRES} keeps it until clean start. */
    public long expirySeconds() { return expirySeconds; }

    public boolean isPersistent() { return expirySeconds > 0; }

    /** Its id in the session store, 0 while the store does not hold it. */
    public long persistId() { return persistId; }

    /** Whether the session store holds this session: then every change is written to it. */
    private boolean kept() { return persistId != 0; }

    /**
     * Sets the session expiry (a resumed session takes the new CONNECT's; MQTT 5 DISCONNECT may change it)
     * and writes it to the session store if the session is kept there.
     */
    public void expirySeconds(long seconds) {
        synchronized (this) {
            if (seconds == expirySeconds) {
                return;
            }
            this.expirySeconds = seconds;
            if (kept()) {
                journal.session(this);
            }
        }
    }

    /** The will of the connection bound now; written with the session so a restart still sends it. */
    public synchronized void will(Will newWill) {
        will = newWill;
        if (kept()) {
            journal.session(this);
        }
    }

    /** The will kept with the session, or null. */
    public synchronized Will will() { return will; }

    /** The will was published or discarded: it is no longer kept, unless a newer connection set another. */
    public synchronized void clearWill(Will done) {
        if (done != null && will == done) {
            will(null);
        }
    }

    /**
     * Runs {@code onDurable} once everything this session wrote to the session store so far is on disk
     * (at once if it is not kept there), {@code onFailed} if some of it could not be written.
     */
    public void afterDurable(Runnable onDurable, Consumer<Exception> onFailed) {
        if (kept()) {
            journal.afterDurable(onDurable, onFailed);
        } else {
            onDurable.run();
        }
    }

    /**
     * Hands the whole session, as values, to {@code sink} under the session's lock, so nothing changes
     * until the sink returns (what the sink writes comes before any later change's record). Nothing for a
     * session the store does not hold, or one that ended.
     */
    public synchronized void snapshot(Consumer<SessionImage> sink) {
        if (!kept() || ended) {
            return;
        }
        List<SessionImage.SubscriptionImage> subs = new ArrayList<>(subscriptions.size());
        for (Subscription sub : subscriptions.values()) {
            subs.add(SessionImage.SubscriptionImage.of(sub));
        }
        List<SessionImage.QueuedImage> queued = new ArrayList<>();
        for (OutboundMessage m : queue.inflightInOrder()) {
            if (m.journaled()) {
                queued.add(image(m));
            }
        }
        for (OutboundMessage m : queue.pendingInOrder()) {
            if (m.journaled()) {
                queued.add(image(m));
            }
        }
        long offline = link == null ? Math.max(0, nanoClock.getAsLong() - offlineSinceNanos) : 0;
        sink.accept(new SessionImage(persistId, clientId, owner, expirySeconds, offline, link != null, nextSeq,
                queue.lastPacketId(), subs, queued, qos2Received == null ? Set.of() : new HashSet<>(qos2Received), will));
    }

    private static SessionImage.QueuedImage image(OutboundMessage m) {
        SharedGroup g = m.sharedGroup();
        return new SessionImage.QueuedImage(m.seq(), m.message(), m.qos(), m.retain(), m.packetId(), m.subscriptionIds(),
                m.sent(), m.state() == OutboundMessage.State.AWAIT_PUBCOMP, g == null ? null : g.name(),
                g == null ? null : g.filter());
    }

    /** Whether a message of the same topic and payload is queued or unacknowledged here. */
    synchronized boolean holds(PublishedMessage message) {
        for (OutboundMessage m : queue.inflightInOrder()) {
            if (same(m.message(), message)) {
                return true;
            }
        }
        for (OutboundMessage m : queue.pendingInOrder()) {
            if (same(m.message(), message)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(PublishedMessage a, PublishedMessage b) {
        return a.topic().equals(b.topic()) && java.util.Arrays.equals(a.payload(), b.payload());
    }

    /** A waiting message left the queue unsent (overflow, expiry, refused at delivery). Lock held. */
    private void droppedFromQueue(OutboundMessage m) {
        if (m.journaled()) {
            journal.removed(this, m);
        }
    }

    // ---- subscriptions (the trie holds the index for routing; this is the session's own view) ----

    public Subscription subscription(String filter) { return subscriptions.get(filter); }

    /** Keyed by the filter as the client wrote it, so {@code $share/g/a} and {@code a} are two. */
    public synchronized void addSubscription(Subscription subscription) {
        subscriptions.put(subscription.clientFilter(), subscription);
        if (kept() && !ended) {
            journal.subscribed(this, subscription);
        }
    }

    public synchronized Subscription removeSubscription(String filter) {
        Subscription removed = subscriptions.remove(filter);
        if (removed != null && kept() && !ended) {
            journal.unsubscribed(this, filter);
        }
        return removed;
    }

    /** Puts back a subscription restored from the session store (the registry binds it in the trie). */
    void restoreSubscription(Subscription subscription) {
        subscriptions.put(subscription.clientFilter(), subscription);
    }

    public Collection<Subscription> subscriptions() { return subscriptions.values(); }

    // ---- delivery ----

    /**
     * Queues a message for this subscriber. QoS 0 is not kept for an offline client; on overflow the
     * oldest waiting message goes, counted and logged.
     */
    public void offer(PublishedMessage message, int qos, boolean retain) {
        offer(message, qos, retain, null, null);
    }

    /**
     * As {@link #offer(PublishedMessage, int, boolean)}, with the Subscription Identifiers to send and
     * the shared group the message was picked for (so it can go to another member if this session ends).
     */
    public void offer(PublishedMessage message, int qos, boolean retain, int[] subscriptionIds, SharedGroup group) {
        SessionLink wake = null;
        int dropped;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (link == null && qos == 0) {
                metrics.dropped(DropReason.QOS0_OFFLINE, 1);
                return;
            }
            int before = queue.pendingCount();
            OutboundMessage m = new OutboundMessage(message, qos, retain, subscriptionIds, group);
            m.seq(nextSeq++);
            if (qos > 0 && kept()) {
                // written before it is queued, so that a drop (of it or an older one) comes after in the store
                queue.assignPacketId(m);
                m.journaled(true);
                journal.enqueued(this, m);
            }
            dropped = queue.offer(m);
            if (dropped == OutboundQueue.REFUSED) {
                if (m.journaled()) {
                    journal.removed(this, m);
                }
                noteTotalFull();
                return;
            }
            metrics.queuedChanged(queue.pendingCount() - before);
            if (dropped > 0) {
                noteOverflow(dropped);
            }
            if (link != null && !wakeScheduled) {
                wakeScheduled = true;
                wake = link;
            }
        }
        if (wake != null) {
            wake.wakeUp();
        }
    }

    /**
     * Writes what may be written now through {@code caller}: first, after a reconnect, the unacknowledged
     * messages again (MQTT 3.1.1 §4.4), then waiting messages while the socket is writable and the
     * inflight window has room, at most {@link #DRAIN_BATCH}. Must run on the caller's event loop.
     *
     * @return packets written; the caller flushes when positive
     */
    public int drain(SessionLink caller) {
        boolean more = false;
        int written = 0;
        synchronized (this) {
            wakeScheduled = false;
            if (link != caller || ended) {
                return 0;
            }
            if (resendPending) {
                resendPending = false;
                for (OutboundMessage m : queue.inflightInOrder()) {
                    if (m.state() == OutboundMessage.State.AWAIT_PUBCOMP) {
                        caller.writePubRel(m.packetId());
                    } else {
                        caller.writePublish(m, m.sent());
                        m.markSent();
                    }
                    written++;
                }
            }
            int before = queue.pendingCount();
            int limit = caller.inflightLimit();
            int batch = 0;
            long now = nanoClock.getAsLong();
            while (batch < DRAIN_BATCH && caller.isWritable()) {
                OutboundMessage head = queue.peek();
                if (head == null) {
                    break;
                }
                if (head.message().isExpired(now)) {
                    // MQTT 5 §3.3.2.3.3: an expired message is not delivered to a subscriber that has not had it
                    queue.dropHead();
                    metrics.dropped(DropReason.EXPIRED, 1);
                    continue;
                }
                if (!caller.mayReceive(head)) {
                    // the client's read rights are checked at delivery: they may have changed since SUBSCRIBE
                    queue.dropHead();
                    metrics.dropped(DropReason.NOT_AUTHORIZED, 1);
                    continue;
                }
                if (!caller.accepts(head)) {
                    queue.dropHead();
                    metrics.dropped(DropReason.CLIENT_MAX_PACKET_SIZE, 1);
                    continue;
                }
                OutboundMessage m = queue.next(limit);
                if (m == null) {
                    break;
                }
                caller.writePublish(m, false);
                m.markSent();
                if (m.journaled()) {
                    journal.sent(this, m);
                }
                batch++;
            }
            written += batch;
            metrics.queuedChanged(queue.pendingCount() - before);
            if (batch == DRAIN_BATCH && queue.pendingCount() > 0) {
                wakeScheduled = true;
                more = true;
            }
        }
        if (more) {
            caller.wakeUp(); // yield, then carry on: other channels on this loop get their turn
        }
        return written;
    }

    /** The client's PUBACK (QoS 1) or PUBCOMP (QoS 2): the message is done. False if the id is unknown. */
    public boolean completed(SessionLink caller, int packetId, OutboundMessage.State expected) {
        SessionLink wake = null;
        synchronized (this) {
            OutboundMessage m = queue.inflight(packetId);
            if (m == null || m.state() != expected) {
                return false;
            }
            queue.removeInflight(m);
            if (m.journaled()) {
                journal.removed(this, m);
            }
            if (link == caller && queue.pendingCount() > 0 && !wakeScheduled) {
                wakeScheduled = true;
                wake = caller;
            }
        }
        if (wake != null) {
            wake.wakeUp();
        }
        return true;
    }

    /**
     * The client's PUBREC for a QoS 2 message. True when it is known and now awaits PUBCOMP (send
     * PUBREL); a PUBREC with an error reason code ends the delivery (MQTT 5 §4.3.3).
     */
    public synchronized boolean received(int packetId, boolean failed) {
        OutboundMessage m = queue.inflight(packetId);
        if (m == null || m.state() == OutboundMessage.State.AWAIT_PUBACK) {
            return false;
        }
        if (failed) {
            queue.removeInflight(m);
            if (m.journaled()) {
                journal.removed(this, m);
            }
            return false;
        }
        m.state(OutboundMessage.State.AWAIT_PUBCOMP);
        if (m.journaled()) {
            journal.pubRecReceived(this, m);
        }
        return true;
    }

    // ---- inbound QoS 2 (MQTT 3.1.1 §4.3.3 method B: store the packet id until PUBREL) ----

    /** True when this packet id is new: deliver the message. False for a duplicate to acknowledge only. */
    public synchronized boolean qos2Arrived(int packetId) {
        if (qos2Received == null) {
            qos2Received = new HashSet<>();
        }
        boolean added = qos2Received.add(packetId);
        if (added && kept()) {
            journal.qos2Arrived(this, packetId);
        }
        return added;
    }

    /** PUBREL (or a refused QoS 2 message): the packet id may be reused. False if it was not known. */
    public synchronized boolean qos2Released(int packetId) {
        boolean removed = qos2Received != null && qos2Received.remove(packetId);
        if (removed && kept()) {
            journal.qos2Released(this, packetId);
        }
        return removed;
    }

    // ---- connection lifecycle ----

    /**
     * Binds the session to a new connection; unacknowledged messages go out again first, and a will
     * waiting for its delay is not sent (MQTT 5 §3.1.3.2.2).
     */
    synchronized void attach(SessionLink newLink) {
        takeDeferredWill();
        will = null; // the new connection brings its own, if any
        link = newLink;
        wakeScheduled = false;
        resendPending = queue.hasInflight();
        generation++;
        if (journal.enabled() && (kept() || expirySeconds > 0)) {
            persistId = journal.session(this);
        }
    }

    /** Unbinds the connection if it is still the current one; false after a takeover. */
    synchronized boolean detach(SessionLink oldLink) {
        if (link != oldLink) {
            return false;
        }
        link = null;
        wakeScheduled = false;
        generation++;
        offlineSinceNanos = nanoClock.getAsLong();
        if (kept()) {
            journal.disconnected(this);
        }
        return true;
    }

    /** Offline for at least its expiry interval at {@code nowNanos} (MQTT 5 §3.1.2.11.2, §4.1). */
    synchronized boolean isExpired(long nowNanos) {
        return link == null && !ended && nowNanos - offlineSinceNanos >= TimeUnit.SECONDS.toNanos(expirySeconds);
    }

    public synchronized boolean isOnline() { return link != null; }

    synchronized SessionLink currentLink() { return link; }

    synchronized long generation() { return generation; }

    public synchronized boolean isEnded() { return ended; }

    /**
     * Ends the session for good. Queued messages are discarded and counted, except QoS 1/2 messages
     * picked for a shared subscription: they go to another member of the group (MQTT 5 §4.8.2), as does
     * nothing else. Returns the will that was waiting for its delay, to be published now (MQTT 5
     * §3.1.3.2.2: the will goes at the end of the delay or of the session, whichever is first).
     */
    Will end() {
        int discarded;
        int pending;
        List<OutboundMessage> shared = new ArrayList<>();
        Will will;
        synchronized (this) {
            if (ended) {
                return null;
            }
            ended = true;
            link = null;
            pending = queue.pendingCount();
            discarded = queue.clear(shared);
            will = takeDeferredWill();
            this.will = null;
            if (kept()) {
                journal.ended(this);
            }
        }
        metrics.queuedChanged(-pending);
        for (OutboundMessage m : shared) {
            Subscription next = m.sharedGroup().pick(this);
            if (next != null) {
                next.session().offer(m.message(), Math.min(m.qos(), next.qos()), m.retain(), m.subscriptionIds(),
                        m.sharedGroup());
            } else {
                discarded++;
            }
        }
        if (discarded > 0) {
            metrics.dropped(DropReason.SESSION_ENDED, discarded);
            log.debug("Session {} ended with {} undelivered messages", clientId, discarded);
        }
        return will;
    }

    // ---- will delay (MQTT 5 §3.1.3.2.2) ----

    /**
     * A will waiting for its delay to pass; cancelled if the client comes back first. A will restored
     * after a restart has no timer: the registry sends it once {@code dueNanos} has passed.
     */
    private record DeferredWill(Will will, Future<?> timer, long dueNanos) {}

    /**
     * Keeps the will until its delay passes; {@code publish} runs then unless the session was resumed
     * meanwhile. Decided under the session's lock, so a reconnect racing the close on another event
     * loop either cancels the will or finds it already resumed; a session that ended meanwhile (a clean
     * start took the client id) publishes it now.
     */
    public void deferWill(Will will, ScheduledExecutorService timer, Consumer<Will> publish) {
        synchronized (this) {
            if (!ended) {
                if (link != null) {
                    return; // already resumed by a new connection: the will is not sent
                }
                Future<?> f = timer.schedule(() -> {
                    Will due;
                    synchronized (this) {
                        due = deferredWill != null && deferredWill.will() == will ? will : null;
                        if (due != null) {
                            deferredWill = null;
                            clearWill(will);
                        }
                    }
                    if (due != null) {
                        publish.accept(due);
                    }
                }, will.delaySeconds(), TimeUnit.SECONDS);
                deferredWill = new DeferredWill(will, f, 0);
                return;
            }
        }
        publish.accept(will);
    }

    /** Removes the waiting will, if any, and returns it. Caller holds the lock or is the registry. */
    synchronized Will takeDeferredWill() {
        DeferredWill w = deferredWill;
        deferredWill = null;
        if (w == null) {
            return null;
        }
        if (w.timer() != null) {
            w.timer().cancel(false);
        }
        return w.will();
    }

    /**
     * A will restored after a restart whose delay has passed by {@code nowNanos} while the session stayed
     * offline: taken out, to be published now. Null if there is none (yet).
     */
    synchronized Will takeDueWill(long nowNanos) {
        DeferredWill w = deferredWill;
        if (w == null || w.timer() != null || link != null || ended || nowNanos - w.dueNanos() < 0) {
            return null;
        }
        deferredWill = null;
        clearWill(w.will());
        return w.will();
    }

    /** QoS 2 messages received whose PUBREL has not come yet: they count against Receive Maximum. */
    public synchronized int qos2InFlight() { return qos2Received == null ? 0 : qos2Received.size(); }

    /** Pending (not yet sent) messages, for tests and diagnostics. */
    public synchronized int queuedCount() { return queue.pendingCount(); }

    public synchronized int inflightCount() { return queue.inflightCount(); }

    /** Caller holds the lock. The newest message goes: what every session queued already is older. */
    private void noteTotalFull() {
        metrics.dropped(DropReason.TOTAL_QUEUE_FULL, 1);
        droppedSinceLog++;
        long now = System.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            log.warn("Queued bytes of all sessions at their limit: dropped {} messages for session {} since last report",
                    droppedSinceLog, clientId);
            droppedSinceLog = 0;
            lastDropLogNanos = now;
        }
    }

    /** Caller holds the lock. Never silent, never a log line per message either. */
    private void noteOverflow(int dropped) {
        metrics.dropped(DropReason.QUEUE_FULL, dropped);
        droppedSinceLog += dropped;
        long now = System.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            log.warn("Session {} queue full ({} messages, {} bytes): dropped {} oldest messages since last report",
                    clientId, queue.pendingCount(), queue.pendingBytes(), droppedSinceLog);
            droppedSinceLog = 0;
            lastDropLogNanos = now;
        }
    }
}
