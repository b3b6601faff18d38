package io.hazardgate.mqtt.connection;

import java.util.HashMap;
import java.util.Map;

/**
 * Topic aliases the server uses towards one client (MQTT 5 §3.3.2.3.4): the first topics sent get an
 * alias each, up to the Topic Alias Maximum the client declared; later PUBLISH packets on them carry
 * the alias and an empty topic. No alias is ever remapped, so a client cannot see one change meaning.
 * Event loop only.
 */
final class OutboundTopicAliases {
    private final int maximum;
    private final Map<String, Integer> byTopic = new HashMap<>();

    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    /** The alias already set for the topic, or 0. */
    int existing(String topic) {
        Integer a = byTopic.get(topic);
        return a == null ? 0 : a;
    }

    /** Whether a new alias can still be assigned. */
    boolean hasRoom() { return byTopic.size() < maximum; }

    /** Assigns the next alias to the topic. */
    int assign(String topic) {
        int alias = byTopic.size() + 1;
        byTopic.put(topic, alias);
        return alias;
    }
}
