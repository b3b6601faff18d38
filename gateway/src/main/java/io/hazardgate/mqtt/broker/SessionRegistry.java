package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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
 * id on different event loops. Lock order: map bin, then session; never the reverse. Persistent
 * sessions write themselves to the {@link SessionJournal}; {@link #restore} puts them back after a restart.
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
    private final SessionJournal journal;

    /**
     * @param present  the session was resumed (CONNACK Session Present, MQTT 3.1.1 §3.2.2.2)
     * @param previous the link the session was bound to before, to be disconnected; null if none
     * @param refused  the client id belongs to a session of another identity: nothing was changed
     * @param written  the session store was written to (a persistent session started, resumed or ended):
     *                 the CONNACK waits until that is on disk ({@link #afterDurable})
     */
    public record Attachment(Session session, boolean present, SessionLink previous, boolean refused, boolean written) {}

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
        this(trie, metrics, maxQueuedMessages, maxQueuedBytes, totalQueued, nanoClock, willPublisher, SessionJournal.NONE);
    }

    /** @param journal where persistent sessions write what they must keep across a restart */
    public SessionRegistry(SubscriptionTrie trie, MqttMetrics metrics, int maxQueuedMessages, long maxQueuedBytes,
            QueuedBytes totalQueued, LongSupplier nanoClock, Consumer<Will> willPublisher, SessionJournal journal) {
        this.journal = journal;
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
                result[0] = new Attachment(existing, false, null, true, false);
                return existing;
            }
            SessionLink previous = existing == null ? null : existing.currentLink();
            Session session;
            boolean present;
            if (!live || cleanStart || !existing.isPersistent()) {
                discarded[0] = existing;
                session = new Session(id, owner, expirySeconds, maxQueuedMessages, maxQueuedBytes, totalQueued, metrics,
                        nanoClock, journal);
                present = false;
            } else {
                session = existing;
                session.expirySeconds(expirySeconds);
                present = true;
            }
            session.attach(link);
            boolean written = session.persistId() != 0 || (discarded[0] != null && discarded[0].persistId() != 0);
            result[0] = new Attachment(session, present, previous, false, written);
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
            Will due = s.takeDueWill(now);
            if (due != null) {
                willPublisher.accept(due); // restored after a restart, its delay has passed
            }
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

    /**
     * Puts back the sessions the session store held, offline, before any client connects: their
     * subscriptions in the trie, then their queues (a queued message may belong to another member's
     * shared subscription). A will restored with them is sent once its delay has passed (checked by
     * {@link #expireDue()}), unless the client comes back first.
     */
    public void restore(Collection<SessionImage> images) {
        List<Session> restored = new ArrayList<>(images.size());
        for (SessionImage image : images) {
            Session session = new Session(image, maxQueuedMessages, maxQueuedBytes, totalQueued, metrics, nanoClock,
                    journal);
            for (SessionImage.SubscriptionImage si : image.subscriptions()) {
                Subscription sub = si.bind(session);
                session.restoreSubscription(sub);
                trie.subscribe(sub);
            }
            Session previous = sessions.put(image.clientId(), session);
            if (previous != null) {
                end(previous);
            }
            offline.add(session);
            restored.add(session);
        }
        int i = 0;
        for (SessionImage image : images) {
            restored.get(i++).restoreQueue(image.queue(), image.lastPacketId(), trie::sharedGroup);
        }
    }

    /** Runs {@code onDurable} once everything written to the session store so far is on disk. */
    public void afterDurable(Runnable onDurable, Consumer<Exception> onFailed) {
        journal.afterDurable(onDurable, onFailed);
    }

    /** Every session, for a snapshot of the session store. */
    public Collection<Session> all() { return sessions.values(); }

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
