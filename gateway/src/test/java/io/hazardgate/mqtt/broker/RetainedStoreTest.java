package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetainedStoreTest {
    private static final List<String> TOPICS = List.of("a", "a/b", "a/b/c", "a/c", "/x", "b", "$SYS/load",
            "$SYS/a/b", "a//b", "plant/demo/dtu-tf1/telemetry");
    private static final List<String> FILTERS = List.of("#", "+", "a/#", "a/+", "+/b", "+/+", "a/+/c", "$SYS/#",
            "+/load", "$SYS/+", "a//b", "a/+/+", "/+", "plant/+/+/telemetry", "a", "nothing/#");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void indexFindsExactlyWhatTheFilterRulesMatch() {
        RetainedStore store = new RetainedStore(new MqttMetrics(registry));
        TOPICS.forEach(t -> store.retain(message(t, "v")));
        for (String filter : FILTERS) {
            Set<String> expected = new HashSet<>();
            TOPICS.stream().filter(t -> TopicFilters.matches(filter, t)).forEach(expected::add);
            Set<String> found = new HashSet<>();
            store.forEachMatching(filter, 0, m -> found.add(m.topic()));
            assertEquals(expected, found, filter);
        }
    }

    @Test
    void emptyPayloadDeletesAndTheLimitsRefuseNewTopicsOnly() {
        RetainedStore store = new RetainedStore(new MqttMetrics(registry), 2, 1000);
        assertTrue(store.retain(message("a/1", "x")));
        assertTrue(store.retain(message("a/2", "x")));
        assertFalse(store.retain(message("a/3", "x")), "a third topic is beyond the count");
        assertTrue(store.retain(message("a/2", "replaced")), "replacing stays within it");
        assertTrue(store.retain(message("a/1", "")));
        assertEquals(1, store.size());
        assertTrue(store.retain(message("a/3", "x")));
        assertFalse(store.retain(message("a/4", "y".repeat(2000))), "beyond the bytes");
        assertEquals(2.0, registry.find("hazardgate.mqtt.retained.refused").counter().count());
    }

    @Test
    void expiredRetainedMessageIsNotSentAndIsForgotten() {
        RetainedStore store = new RetainedStore(new MqttMetrics(registry));
        store.retain(new PublishedMessage("r/t", "x".getBytes(), 1, true, null, null, 1_000));
        Set<String> found = new HashSet<>();
        store.forEachMatching("r/#", 999, m -> found.add(m.topic()));
        assertEquals(Set.of("r/t"), found);
        store.forEachMatching("r/#", 1_000, m -> found.add("late"));
        assertEquals(Set.of("r/t"), found);
        assertEquals(0, store.size());
    }

    private static PublishedMessage message(String topic, String payload) {
        return new PublishedMessage(topic, payload.getBytes(), 1, true, null, null);
    }
}
