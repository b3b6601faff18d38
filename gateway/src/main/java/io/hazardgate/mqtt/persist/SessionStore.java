package io.hazardgate.mqtt.persist;

import io.hazardgate.mqtt.broker.OutboundMessage;
import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.RetainedStore;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.SessionImage;
import io.hazardgate.mqtt.broker.SessionJournal;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.broker.Subscription;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session store: persistent sessions and retained messages as records in a durable log
 * ({@link SessionRecords}), so that a restart, even after {@code kill -9}, gives every returning client
 * its session (subscriptions, the QoS 1/2 messages it missed, its QoS 2 exchanges, its expiry and will)
 * and every subscriber the retained messages.
 *
 * <p>Writing costs the caller an encode and a queue offer: the log's thread writes what is queued with
 * one write and one fsync per group commit. A message is written once however many sessions it is
 * queued for, and nothing is written for a message no persistent session gets that is not retained (plain
 * telemetry). Whoever must not answer before the records are on disk waits for a barrier: the PUBACK of a
 * retained or queued message, the SUBACK, the PUBREL and PUBCOMP of QoS 2, the CONNACK of a persistent
 * session, the alarm bus's delivery mark (asked for without holding its next events back).
 *
 * <p>Compaction, on its own thread once enough was written since the last snapshot: a barrier gives the
 * offset S before which every record is older than what follows; a snapshot of every kept session (each
 * under its own lock) and every retained message is written after it; once that is on disk, the records
 * before S are superseded and their segments deleted. A message on its way into queues during the
 * snapshot has its body written again, so no delivery after the snapshot refers to a dropped body.
 */
public final class SessionStore implements SessionJournal, AutoCloseable {
    /** Compaction waits for at least this much written since the last snapshot (and twice the snapshot's size). */
    public static final long DEFAULT_COMPACT_BYTES = 16L << 20;
    /** Frame header the log adds to each record, counted towards the compaction threshold. */
    private static final int FRAME_BYTES = 16;
    private static final long BARRIER_TIMEOUT_SECONDS = 60;
    private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(SessionStore.class);

    private final SessionLog records;
    private final Clock wall;
    private final long minCompactBytes;
    /** What the log held at opening; dropped once put back, so its maps do not outlive the start. */
    private SessionReplay replay;
    private final long damaged;
    private final AtomicLong sids = new AtomicLong();
    private final AtomicLong mids = new AtomicLong();
    private final Set<Session> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<PublishedMessage, Ticket> fanOuts = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private final ExecutorService compactor;
    private volatile long compactAt;
    private volatile long lastFailureLogNanos;
    private volatile LongSupplier nanos = System::nanoTime;
    private volatile MqttMetrics metrics;
    private volatile RetainedStore retained;
    private volatile boolean closed;
    private long epoch;
    private Restored restored = new Restored(0, 0, 0, 0, 0);

    /**
     * What the last start put back and what it left out.
     *
     * @param damaged damaged records skipped (checksum or content), reported in the log
     */
    public record Restored(int sessions, int retained, long damaged, int expiredSessions, int expiredMessages) {}

    private SessionStore(SessionLog records, Clock wall, long minCompactBytes, SessionReplay replay, long damaged) {
        this.records = records;
        this.wall = wall;
        this.minCompactBytes = minCompactBytes;
        this.compactAt = minCompactBytes;
        this.replay = replay;
        this.damaged = damaged;
        sids.set(replay.maxSid());
        mids.set(replay.maxMid());
        this.compactor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mqtt-session-compactor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reads the whole store (a log a newer release wrote is refused), to be put back with {@link #restore}.
     *
     * @param wall the wall clock session and message expiry are kept in across restarts
     */
    public static SessionStore open(SessionLog records, Clock wall) throws IOException {
        return open(records, wall, DEFAULT_COMPACT_BYTES);
    }

    static SessionStore open(SessionLog records, Clock wall, long minCompactBytes) throws IOException {
        SessionReplay replay = new SessionReplay();
        long damaged;
        IOException[] refused = new IOException[1];
        damaged = records.replay(record -> {
            if (refused[0] != null) {
                return;
            }
            try {
                replay.apply(record);
            } catch (IOException e) {
                refused[0] = e;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return new SessionStore(records, wall, minCompactBytes, replay, damaged);
    }

    /**
     * Puts the sessions and retained messages back into the broker core (before any client connects),
     * then writes a fresh snapshot so the log holds what is live. Sessions offline past their expiry
     * (capped by {@code maxExpirySeconds}) and messages past theirs stay out, counted; limits on queued
     * messages and retained messages apply as they are put back.
     */
    public Restored restore(SessionRegistry registry, RetainedStore retainedStore, MqttMetrics meters,
            LongSupplier nanoClock, long maxExpirySeconds) throws IOException {
        this.metrics = meters;
        this.nanos = nanoClock;
        this.retained = retainedStore;
        if (replay == null) {
            throw new IllegalStateException("the session store was restored already");
        }
        SessionReplay.Result r = replay.result(wall.millis(), nanoClock.getAsLong(), maxExpirySeconds);
        replay = null;
        registry.restore(r.sessions());
        for (Session s : registry.all()) {
            if (s.persistId() != 0) {
                live.add(s);
            }
        }
        int retainedKept = 0;
        for (PublishedMessage m : r.retained()) {
            if (retainedStore.restore(m)) {
                retainedKept++;
            }
        }
        long bad = damaged + r.unreadable();
        restored = new Restored(r.sessions().size(), retainedKept, bad, r.expiredSessions(), r.expiredMessages());
        meters.sessionsRestored(r.sessions().size(), bad, r.expiredSessions());
        if (bad > 0) {
            log.error("Session store {}: {} damaged records skipped; the sessions and retained messages they held are "
                    + "lost or incomplete, everything else was restored", "at start", bad);
        }
        log.info("Session store: {} persistent sessions and {} retained messages restored ({} sessions and {} messages "
                + "had expired while the gateway was down)", r.sessions().size(), retainedKept, r.expiredSessions(),
                r.expiredMessages());
        compactNow();
        return restored;
    }

    /** What the last start put back. */
    public Restored restored() { return restored; }

    /** Whether writes fail now. */
    public boolean failing() { return records.failing(); }

    /** Bytes of the store on disk. */
    public long sizeBytes() { return records.sizeBytes(); }

    // ---- SessionJournal ----

    @Override
    public boolean enabled() { return true; }

    @Override
    public long session(Session session) {
        long sid = session.persistId();
        if (sid == 0) {
            sid = sids.incrementAndGet();
            live.add(session); // before its first record, so a snapshot that starts after that record sees it
        }
        append(SessionRecords.session(sid, session.clientId(), session.owner(), session.expirySeconds(),
                session.isOnline(), session.will()), null);
        return sid;
    }

    @Override
    public void disconnected(Session session) {
        append(SessionRecords.disconnected(session.persistId(), wall.millis()), null);
    }

    @Override
    public void ended(Session session) {
        append(SessionRecords.ended(session.persistId()), null);
        live.remove(session);
    }

    @Override
    public void subscribed(Session session, Subscription subscription) {
        append(SessionRecords.subscribed(session.persistId(), subscription), null);
    }

    @Override
    public void unsubscribed(Session session, String clientFilter) {
        append(SessionRecords.unsubscribed(session.persistId(), clientFilter), null);
    }

    @Override
    public void enqueued(Session session, OutboundMessage m) {
        PublishedMessage message = m.message();
        Ticket ticket = fanOuts.get(message);
        boolean alone = ticket == null; // a retained message for a new subscription, a shared one passed on
        if (alone) {
            ticket = new Ticket(message);
            fanOuts.put(message, ticket);
            body(message, ticket);
        }
        var group = m.sharedGroup();
        append(enqueuedRecord(session.persistId(), m.seq(), message.persistId(), m.qos(), m.retain(), m.packetId(),
                m.subscriptionIds(), m.sent(), m.state() == OutboundMessage.State.AWAIT_PUBCOMP,
                group == null ? null : group.name(), group == null ? null : group.filter()), ticket);
        if (alone) {
            fanOuts.remove(message, ticket);
        }
    }

    private static byte[] enqueuedRecord(long sid, long seq, long mid, int qos, boolean retain, int packetId, int[] ids,
            boolean sent, boolean pubRec, String shareGroup, String shareFilter) {
        int flags = (sent ? SessionRecords.FLAG_SENT : 0) | (pubRec ? SessionRecords.FLAG_PUBREC : 0);
        return SessionRecords.enqueued(sid, seq, mid, qos, retain, packetId, ids, flags, shareGroup, shareFilter);
    }

    @Override
    public void sent(Session session, OutboundMessage m) {
        append(SessionRecords.seqEvent(SessionRecords.SENT, session.persistId(), m.seq()), null);
    }

    @Override
    public void pubRecReceived(Session session, OutboundMessage m) {
        append(SessionRecords.seqEvent(SessionRecords.PUBREC_RECEIVED, session.persistId(), m.seq()), null);
    }

    @Override
    public void removed(Session session, OutboundMessage m) {
        append(SessionRecords.seqEvent(SessionRecords.REMOVED, session.persistId(), m.seq()), null);
    }

    @Override
    public void qos2Arrived(Session session, int packetId) {
        append(SessionRecords.packetEvent(SessionRecords.QOS2_ARRIVED, session.persistId(), packetId), null);
    }

    @Override
    public void qos2Released(Session session, int packetId) {
        append(SessionRecords.packetEvent(SessionRecords.QOS2_RELEASED, session.persistId(), packetId), null);
    }

    @Override
    public void retained(PublishedMessage message) {
        Ticket ticket = fanOuts.get(message);
        boolean alone = ticket == null;
        if (alone) {
            ticket = new Ticket(message);
            fanOuts.put(message, ticket);
            body(message, ticket);
        }
        append(SessionRecords.retained(message.persistId()), ticket);
        if (alone) {
            fanOuts.remove(message, ticket);
        }
    }

    @Override
    public void retainedRemoved(String topic) {
        append(SessionRecords.retainedRemoved(topic), null);
    }

    @Override
    public FanOut beginFanOut(PublishedMessage message) {
        Ticket ticket = new Ticket(message);
        fanOuts.put(message, ticket); // before the body: a snapshot starting after it writes the body again
        body(message, ticket);
        return ticket;
    }

    @Override
    public void endFanOut(FanOut fanOut) {
        Ticket t = (Ticket) fanOut;
        fanOuts.remove(t.message, t);
    }

    @Override
    public void afterDurable(Runnable onDurable, Consumer<Exception> onFailed) {
        long before = failures.get();
        records.afterDurable(offset -> {
            if (failures.get() != before) {
                onFailed.accept(new IOException("session store records could not be written"));
            } else {
                onDurable.run();
            }
        }, onFailed);
    }

    // ---- writing ----

    /** One fan-out: whether any of its records failed. */
    private final class Ticket implements FanOut {
        final PublishedMessage message;
        volatile boolean failed;

        Ticket(PublishedMessage message) { this.message = message; }

        @Override
        public void whenDurable(Runnable onDurable, Consumer<Exception> onFailed) {
            records.afterDurable(offset -> {
                if (failed) {
                    onFailed.accept(new IOException("the message could not be written to the session store"));
                } else {
                    onDurable.run();
                }
            }, onFailed);
        }
    }

    private void body(PublishedMessage message, Ticket ticket) {
        long mid = message.persistId(mids::incrementAndGet);
        append(SessionRecords.message(mid, message, wallExpiry(message)), ticket);
    }

    private long wallExpiry(PublishedMessage m) {
        if (!m.hasExpiry()) {
            return SessionRecords.NO_EXPIRY;
        }
        return wall.millis() + (m.expiresAtNanos() - nanos.getAsLong()) / 1_000_000L;
    }

    private void append(byte[] record, Ticket ticket) {
        written.addAndGet(record.length + FRAME_BYTES);
        records.append(record, () -> { }, e -> failed(e, ticket));
        if (written.get() >= compactAt && !closed && compacting.compareAndSet(false, true)) {
            try {
                compactor.execute(this::compactQuietly);
            } catch (RuntimeException e) {
                compacting.set(false); // shutting down
            }
        }
    }

    private void failed(Exception e, Ticket ticket) {
        failures.incrementAndGet();
        if (ticket != null) {
            ticket.failed = true;
        }
        MqttMetrics m = metrics;
        if (m != null) {
            m.sessionStoreWriteFailed();
        }
        long now = System.nanoTime();
        if (lastFailureLogNanos == 0 || now - lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLogNanos = now;
            log.error("Session store write failed: {}. What waits for it (PUBACK of retained or queued messages, SUBACK, "
                    + "QoS 2 steps) is refused or closed, never acknowledged", e.toString());
        }
    }

    // ---- compaction ----

    /** Writes a snapshot now and supersedes what came before it; at start, and by the compactor. */
    public void compactNow() throws IOException {
        compacting.set(true);
        try {
            compact();
        } finally {
            compacting.set(false);
        }
    }

    private void compactQuietly() {
        try {
            compact();
        } catch (IOException | RuntimeException e) {
            log.error("Session store compaction failed; it keeps growing until the next attempt: {}", e.toString());
        } finally {
            compacting.set(false);
        }
    }

    private synchronized void compact() throws IOException {
        if (closed) {
            return;
        }
        long started = System.nanoTime();
        long start = await(barrier());
        long n = ++epoch;
        written.set(0);
        Snapshot snapshot = new Snapshot();
        snapshot.append(SessionRecords.format());
        snapshot.append(SessionRecords.checkpoint(SessionRecords.CHECKPOINT_BEGIN, n));
        for (PublishedMessage m : fanOuts.keySet()) {
            snapshot.body(m); // on its way into queues now: its deliveries may come after the snapshot
        }
        int sessions = 0;
        for (Session s : live) {
            int[] count = {0};
            s.snapshot(image -> {
                snapshot.session(image);
                count[0]++;
            });
            sessions += count[0];
        }
        RetainedStore r = retained;
        int[] retainedCount = {0};
        if (r != null) {
            r.snapshot(nanos.getAsLong(), m -> {
                snapshot.body(m);
                snapshot.append(SessionRecords.retained(m.persistId()));
                retainedCount[0]++;
            });
        }
        snapshot.append(SessionRecords.checkpoint(SessionRecords.CHECKPOINT_END, n));
        await(barrier());
        if (snapshot.failed) {
            throw new IOException("the snapshot could not be written");
        }
        records.supersede(start);
        compactAt = Math.max(minCompactBytes, 2 * snapshot.bytes);
        MqttMetrics m = metrics;
        if (m != null) {
            m.sessionStoreCompacted();
        }
        log.info("Session store compacted: snapshot of {} sessions and {} retained messages, {} bytes, in {} ms",
                sessions, retainedCount[0], snapshot.bytes, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private CompletableFuture<Long> barrier() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        records.afterDurable(f::complete, f::completeExceptionally);
        return f;
    }

    private static long await(CompletableFuture<Long> f) throws IOException {
        try {
            return f.get(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the session store did not write within " + BARRIER_TIMEOUT_SECONDS + " s");
        }
    }

    /** The records of one snapshot, written by the compactor (sessions' locks held in turn). */
    private final class Snapshot {
        final Set<Long> bodies = new HashSet<>();
        volatile boolean failed;
        long bytes;

        void append(byte[] record) {
            bytes += record.length + FRAME_BYTES;
            records.append(record, () -> { }, e -> {
                failed = true;
                SessionStore.this.failed(e, null);
            });
        }

        void body(PublishedMessage m) {
            long mid = m.persistId(mids::incrementAndGet);
            if (bodies.add(mid)) {
                append(SessionRecords.message(mid, m, wallExpiry(m)));
            }
        }

        void session(SessionImage s) {
            long offlineSince = s.online() ? -1 : wall.millis() - s.offlineNanos() / 1_000_000L;
            append(SessionRecords.snapshot(s, offlineSince));
            for (SessionImage.SubscriptionImage sub : s.subscriptions()) {
                append(SessionRecords.subscribed(s.persistId(), sub));
            }
            for (SessionImage.QueuedImage q : s.queue()) {
                body(q.message());
                append(enqueuedRecord(s.persistId(), q.seq(), q.message().persistId(), q.qos(), q.retain(), q.packetId(),
                        q.subscriptionIds(), q.sent(), q.awaitingPubComp(), q.shareGroup(), q.shareFilter()));
            }
            for (int packetId : s.qos2Received()) {
                append(SessionRecords.packetEvent(SessionRecords.QOS2_ARRIVED, s.persistId(), packetId));
            }
        }
    }

    /** Stops compacting, writes what is queued and closes the log. */
    @Override
    public void close() {
        closed = true;
        compactor.shutdown();
        try {
            compactor.awaitTermination(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        records.close();
    }
}
