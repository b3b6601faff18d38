package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sessions by client id: creates, resumes, takes over and ends them (MQTT 3.1.1 §3.1.2.4, §3.1.4;
 * MQTT 5 §3.1.2.4, §3.1.2.11). The map's per-key atomicity decides races between two connections with
 * the same client id on different event loops. Lock order: map bin, then session; never the reverse.
 */
public final class SessionRegistry {
    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SubscriptionTrie trie;
    private final MqttMetrics metrics;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final LongSupplier nanoClock;
    private final Consumer<Will> willPublisher;

    /**
     * @param present  the session was resumed (CONNACK Session Present, MQTT 3.1.1 §3.2.2.2)
     * @param previous the link the session was bound to before, to be disconnected; null if none
     */
    public record Attachment(Session session, boolean present, SessionLink previous) {}

    public SessionRegistry(SubscriptionTrie trie, MqttMetrics metrics, int maxQueuedMessages, long maxQueuedBytes) {
        this(trie, metrics, maxQueuedMessages, maxQueuedBytes, System::nanoTime, will -> { });
    }

    /**
     * @param nanoClock     the clock message expiry is measured on
     * @param willPublisher routes a will whose delay was cut short by the end of its session
     */
    public SessionRegistry(SubscriptionTrie trie, MqttMetrics metrics, int maxQueuedMessages, long maxQueuedBytes,
            LongSupplier nanoClock, Consumer<Will> willPublisher) {
        this.trie = trie;
        this.metrics = metrics;
        this.maxQueuedMessages = maxQueuedMessages;
        this.maxQueuedBytes = maxQueuedBytes;
        this.nanoClock = nanoClock;
        this.willPublisher = willPublisher;
        metrics.sessions(sessions::size);
    }

    /**
     * Binds {@code link} to the client's session. A clean start, or a previous session that was not
     * persistent, gives a fresh session (the old one ends); otherwise the old one is resumed.
     */
    public Attachment connect(String clientId, boolean cleanStart, long expirySeconds, SessionLink link) {
        Session[] discarded = new Session[1];
        Attachment[] result = new Attachment[1];
        sessions.compute(clientId, (id, existing) -> {
            SessionLink previous = existing == null ? null : existing.currentLink();
            Session session;
            boolean present;
            if (existing == null || cleanStart || !existing.isPersistent() || existing.isEnded()
                    || existing.expiredAt(nanoClock.getAsLong())) {
                discarded[0] = existing;
                session = new Session(id, expirySeconds, maxQueuedMessages, maxQueuedBytes, metrics, nanoClock);
                present = false;
            } else {
                session = existing;
                session.expirySeconds(expirySeconds);
                present = true;
            }
            session.attach(link);
            result[0] = new Attachment(session, present, previous);
            return session;
        });
        if (discarded[0] != null) {
            end(discarded[0]);
        }
        return result[0];
    }

    /**
     * The connection closed. A non-persistent session ends now; a persistent one waits offline for its
     * expiry interval, unless a newer connection took it over meanwhile. The interval is measured on the
     * registry's clock when the client comes back; {@code timer} removes a session nobody came back for.
     *
     * @return false when a newer connection had already taken the session over
     */
    public boolean disconnected(Session session, SessionLink link, ScheduledExecutorService timer) {
        if (!session.detach(link)) {
            return false;
        }
        long expiry = session.expirySeconds();
        if (expiry == 0) {
            removeIfOffline(session, session.generation());
        } else if (expiry != Session.NEVER_EXPIRES) {
            long generation = session.generation();
            timer.schedule(() -> removeIfOffline(session, generation), expiry, TimeUnit.SECONDS);
        }
        return true;
    }

    /** The session with this id, or null. */
    public Session get(String clientId) { return sessions.get(clientId); }

    public int size() { return sessions.size(); }

    private void removeIfOffline(Session session, long generation) {
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
