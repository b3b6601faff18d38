package io.hazardgate.mqtt.broker;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Gathers the sessions a topic matches, once each: with overlapping subscriptions a session gets one
 * copy at the highest matching QoS (MQTT 3.1.1 §3.3.5, MQTT 5 §3.3.4). Reused per thread, so routing
 * allocates nothing here in steady state.
 */
final class SubscriberCollector {
    private final IdentityHashMap<Session, Match> bySession = new IdentityHashMap<>();
    private final List<Match> matches = new ArrayList<>();
    private final List<Match> pool = new ArrayList<>();
    private String publisherId;

    static final class Match {
        Session session;
        int qos;
        boolean retainAsPublished;
    }

    void reset(String publisher) {
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            m.session = null;
            pool.add(m);
        }
        matches.clear();
        bySession.clear();
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
    }

    int size() { return matches.size(); }

    Match get(int i) { return matches.get(i); }
}
