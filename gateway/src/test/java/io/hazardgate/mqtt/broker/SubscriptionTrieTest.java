package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionTrieTest {
    private final MqttMetrics metrics = new MqttMetrics(new SimpleMeterRegistry());
    private final SubscriptionTrie trie = new SubscriptionTrie();

    private Session session(String id) { return new Session(id, 0, 10, 1 << 20, metrics); }

    private Map<String, Integer> match(String topic) {
        SubscriberCollector collector = new SubscriberCollector();
        collector.reset(null);
        trie.match(topic, collector);
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < collector.size(); i++) {
            out.put(collector.get(i).session.clientId(), collector.get(i).qos);
        }
        return out;
    }

    @Test
    void matchesPlusAndHashLikeTheSpecExamples() {
        trie.subscribe(Subscription.of(session("hash"), "sport/tennis/player1/#", 0));
        trie.subscribe(Subscription.of(session("plus"), "sport/+/player1", 0));
        trie.subscribe(Subscription.of(session("all"), "#", 0));
        trie.subscribe(Subscription.of(session("empty-level"), "+/+", 0));
        assertEquals(Map.of("hash", 0, "plus", 0, "all", 0), match("sport/tennis/player1"));
        assertEquals(Map.of("hash", 0, "all", 0), match("sport/tennis/player1/ranking/wimbledon"));
        assertEquals(Map.of("all", 0, "empty-level", 0), match("/finance")); // "" and "finance"
        assertEquals(Map.of("all", 0), match("sport"));
    }

    @Test
    void doesNotMatchDollarTopicsWithLeadingWildcards() {
        trie.subscribe(Subscription.of(session("all"), "#", 0));
        trie.subscribe(Subscription.of(session("plus"), "+/monitor/Clients", 0));
        trie.subscribe(Subscription.of(session("sys"), "$SYS/#", 0));
        assertEquals(Map.of("sys", 0), match("$SYS/monitor/Clients"));
        assertEquals(Map.of("all", 0, "plus", 0), match("x/monitor/Clients"));
    }

    @Test
    void deliversOnceAtTheHighestQosOfOverlappingSubscriptions() {
        Session s = session("s");
        trie.subscribe(Subscription.of(s, "alarm/#", 0));
        trie.subscribe(Subscription.of(s, "alarm/+/TF1/GT-101", 2));
        trie.subscribe(Subscription.of(s, "alarm/demo/#", 1));
        assertEquals(Map.of("s", 2), match("alarm/demo/TF1/GT-101"));
        assertEquals(Map.of("s", 1), match("alarm/demo/TD1/PZ-01"));
    }

    @Test
    void removesOnlyTheExactSubscriptionAndPrunesEmptyBranches() {
        Session old = session("c");
        Session newer = session("c");
        Subscription first = Subscription.of(old, "a/b", 1);
        trie.subscribe(first);
        Subscription second = Subscription.of(newer, "a/b", 1);
        trie.subscribe(second); // same client id: replaces
        assertFalse(trie.unsubscribe(first), "the old session's subscription is gone already");
        assertEquals(1, trie.size());
        assertTrue(trie.unsubscribe(second));
        assertEquals(0, trie.size());
        assertEquals(Map.of(), match("a/b"));
    }

    @Test
    void filterValidationFollowsSection471() {
        for (String ok : new String[] {"#", "+", "a/+/b", "a/#", "+/+", "/", "$SYS/#", "a//b"}) {
            assertTrue(TopicFilters.isValidFilter(ok), ok);
        }
        for (String bad : new String[] {"", "a#", "a/#/b", "a+", "a/b+/c", "#/a", "a\0b"}) {
            assertFalse(TopicFilters.isValidFilter(bad), bad);
        }
        assertTrue(TopicFilters.matches("a/#", "a"));
        assertTrue(TopicFilters.matches("+/+", "/x"));
        assertFalse(TopicFilters.matches("+/b", "$a/b"));
        assertFalse(TopicFilters.matches("a/+", "a/b/c"));
    }
}
