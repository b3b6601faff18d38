package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sessions by client id: creates, resumes, takes over and ends them (MQTT 3.1.1 §3.1.2.4, §3.1.4;
 * MQTT 5 §3.1.2.4, §3.1.2.11). A session belongs to the identity that created it: another identity can
 * neither resume it nor take its client id over. Sessions left offline end when their expiry interval
 * has passed on the registry's clock ({@link #expireDue()}, and at the latest when the client id is
 * used again). The map's per-key atomicity decides races between two connections with the same client
 * id on different event loops. Lock order: map bin, then session; never the reverse.
 */
public final class SessionRegistry {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<Session> offline = ConcurrentHashMap.newKeySet();
    private final SubscriptionTrie trie;
    private final MqttMetrics metrics;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final QueuedBytes totalQueued;
    private final LongSupplier nanoClock;
    private final Consumer<Will> willPublisher;

    /**
     * @param present  the session was resumed (CONNACK Session Present, MQTT 3.1.1 §3.2.2.2)
     * @param previous the link the session was bound to before, to be disconnected; null if none
     * @param refused  the client id belongs to a session of another identity: nothing was changed
     */
    public record Attachment(Session session, boolean present, SessionLink previous, boolean refused) {}

    public SessionRegistry(SubscriptionTrie trie, MqttMetrics metrics, int maxQueuedMessages, long maxQueuedBytes) {
        this(trie, metrics, maxQueuedMessages, maxQueuedBytes, QueuedBytes.unlimited(), System::nanoTime, will -> { });
    }

    /**
     * @param totalQueued   the bytes all sessions may queue together
     * @param nanoClock     the clock message and session expiry are measured on
     * @param willPublisher routes a will whose delay was cut short by the end of its session
     */
    public SessionRegistry(SubscriptionTrie trie, MqttMetrics metrics, int maxQueuedMessages, long maxQueuedBytes,
            QueuedBytes totalQueued, LongSupplier nanoClock, Consumer<Will> willPublisher) {
        this.trie = trie;
        this.metrics = metrics;
        this.maxQueuedMessages = maxQueuedMessages;
        this.maxQueuedBytes = maxQueuedBytes;
        this.totalQueued = totalQueued;
        this.nanoClock = nanoClock;
        this.willPublisher = willPublisher;
        metrics.sessions(sessions::size);
        metrics.queuedBytes(totalQueued::used);
    }

    /**
     * Binds {@code link} to the client's session, for {@code owner} (the client's identity). A clean
     * start, or a previous session that was not persistent or has expired, gives a fresh session (the old
     * one ends); otherwise the old one is resumed. A session of another identity is left alone and the
     * attachment is {@link Attachment#refused()}.
     */
    public Attachment connect(String clientId, boolean cleanStart, long expirySeconds, SessionLink link, String owner) {
        Session[] discarded = new Session[1];
        Attachment[] result = new Attachment[1];
        long now = nanoClock.getAsLong();
        sessions.compute(clientId, (id, existing) -> {
            boolean live = existing != null && !existing.isEnded() && !existing.isExpired(now);
            if (live && !existing.owner().equals(owner)) {
                result[0] = new Attachment(existing, false, null, true);
                return existing;
            }
            SessionLink previous = existing == null ? null : existing.currentLink();
            Session session;
            boolean present;
            if (!live || cleanStart || !existing.isPersistent()) {
                discarded[0] = existing;
                session = new Session(id, owner, expirySeconds, maxQueuedMessages, maxQueuedBytes, totalQueued, metrics,
                        nanoClock);
                present = false;
            } else {
                session = existing;
                session.expirySeconds(expirySeconds);
                present = true;
            }
            session.attach(link);
            result[0] = new Attachment(session, present, previous, false);
            return session;
        });
        if (discarded[0] != null) {
            offline.remove(discarded[0]);
            end(discarded[0]);
        }
        if (!result[0].refused()) {
            offline.remove(result[0].session());
        }
        return result[0];
    }

    /**
     * The connection closed. A non-persistent session ends now; a persistent one waits offline for its
     * expiry interval, unless a newer connection took it over meanwhile.
     *
     * @return false when a newer connection had already taken the session over
     */
    public boolean disconnected(Session session, SessionLink link) {
        if (!session.detach(link)) {
            return false;
        }
        if (session.expirySeconds() == 0) {
            removeIfOffline(session, session.generation());
        } else {
            offline.add(session);
        }
        return true;
    }

    /**
     * Ends every offline session whose expiry interval has passed on the registry's clock. Cheap: it
     * looks at offline persistent sessions only. The server calls it every second.
     *
     * @return how many sessions ended
     */
    public int expireDue() {
        long now = nanoClock.getAsLong();

        int ended = 0;
        for (Session s : offline) {
            if (s.isOnline() || s.isEnded()) {
                offline.remove(s);
            } else if (s.isExpired(now)) {
                offline.remove(s);
                if (removeIfOffline(s, s.generation())) {
                    ended++;
                }
            }
        }
        return ended;
    }

    /** The session with this id, or null. */
    public Session get(String clientId) { return sessions.get(clientId); }

    public int size() { return sessions.size(); }

    private boolean removeIfOffline(Session session, long generation) {
        boolean[] removed = new boolean[1];
        sessions.computeIfPresent(session.clientId(), (id, current) -> {
            if (current == session && !session.isOnline() && session.generation() == generation) {
                removed[0] = true;
                return null;
            }
            return current;
        });
        if (removed[0]) {
            end(session);
        }
        return removed[0];
    }

    private void end(Session session) {
        for (Subscription s : session.subscriptions()) {
            trie.unsubscribe(s);
        }
        Will will = session.end();
        if (will != null) {
            willPublisher.accept(will);
        }
    }
}
