package io.hazardgate.mqtt.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Gathers the sessions a topic matches, once each: with overlapping subscriptions a session gets one
 * copy at the highest matching QoS carrying every matching Subscription Identifier (MQTT 3.1.1 §3.3.5,
 * MQTT 5 §3.3.4). Shared subscriptions are gathered apart: each group gets its own copy for one of its
 * members (MQTT 5 §4.8.2). Reused per thread, so routing allocates nothing here in steady state.
 */
final class SubscriberCollector {
    private static final int[] NO_IDS = new int[0];

    private final IdentityHashMap<Session, Match> bySession = new IdentityHashMap<>();
    private final List<Match> matches = new ArrayList<>();
    private final List<Match> pool = new ArrayList<>();
    private final List<SharedGroup> groups = new ArrayList<>();
    private String publisherId;

    static final class Match {
        Session session;
        int qos;
        boolean retainAsPublished;
        private int[] ids = new int[2];
        private int idCount;

        void addId(int id) {
            if (id == 0) {
                return;
            }
            if (idCount == ids.length) {
                ids = Arrays.copyOf(ids, idCount * 2);
            }
            ids[idCount++] = id;
        }

        /** The subscription identifiers to send; a shared empty array when there are none. */
        int[] subscriptionIds() {
            return idCount == 0 ? NO_IDS : Arrays.copyOf(ids, idCount);
        }
    }

    void reset(String publisher) {
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            m.session = null;
            m.idCount = 0;
            pool.add(m);
        }
        matches.clear();
        bySession.clear();
        groups.clear();
        publisherId = publisher;
    }

    void add(Subscription subscription) {
        Session session = subscription.session();
        if (subscription.noLocal() && publisherId != null && publisherId.equals(session.clientId())) {
            return; // MQTT 5 §3.8.3.1: not sent back to the connection that published it
        }
        Match match = bySession.get(session);
        if (match == null) {
            match = pool.isEmpty() ? new Match() : pool.remove(pool.size() - 1);
            match.session = session;
            match.qos = subscription.qos();
            match.retainAsPublished = subscription.retainAsPublished();
            bySession.put(session, match);
            matches.add(match);
        } else {
            match.qos = Math.max(match.qos, subscription.qos());
            match.retainAsPublished |= subscription.retainAsPublished();
        }
        match.addId(subscription.subscriptionId());
    }

    void addShared(SharedGroup group) { groups.add(group); }

    int size() { return matches.size(); }

    Match get(int i) { return matches.get(i); }

    int sharedCount() { return groups.size(); }

    SharedGroup shared(int i) { return groups.get(i); }

    /** True when nobody at all matched. */
    boolean isEmpty() { return matches.isEmpty() && groups.isEmpty(); }
}
