package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The last retained message per topic (MQTT 3.1.1 §3.3.1.3): set or replaced by a PUBLISH with RETAIN,
 * deleted by one with an empty payload. Thread-safe; held in memory.
 */
public final class RetainedStore {
    private final Map<String, PublishedMessage> byTopic = new ConcurrentHashMap<>();

    public RetainedStore(MqttMetrics metrics) {
        metrics.gauge("retained.messages", "Retained messages held", byTopic::size);
    }

    /** Stores, replaces or (empty payload) deletes the topic's retained message. */
    public void retain(PublishedMessage message) {
        if (message.payload().length == 0) {
            byTopic.remove(message.topic());
        } else {
            byTopic.put(message.topic(), message);
        }
    }

    /** Feeds every retained message whose topic matches the filter. */
    public void forEachMatching(String filter, Consumer<PublishedMessage> action) {
        for (PublishedMessage m : byTopic.values()) {
            if (TopicFilters.matches(filter, m.topic())) {
                action.accept(m);
            }
        }
    }

    public PublishedMessage get(String topic) { return byTopic.get(topic); }

    public int size() { return byTopic.size(); }
}
