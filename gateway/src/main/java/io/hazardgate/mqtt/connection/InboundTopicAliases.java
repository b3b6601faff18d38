package io.hazardgate.mqtt.connection;

import java.util.Arrays;

/**
 * Topic aliases a client set on this connection (MQTT 5 §3.3.2.3.4): alias → topic, for aliases
 * 1..the Topic Alias Maximum the server announced. They live and die with the network connection.
 * Event loop only.
 */
final class InboundTopicAliases {
    private final int maximum;
    private String[] topics = new String[0];

    InboundTopicAliases(int maximum) {
        this.maximum = maximum;
    }

    boolean inRange(int alias) { return alias >= 1 && alias <= maximum; }

    void set(int alias, String topic) {
        if (alias >= topics.length) {
            topics = Arrays.copyOf(topics, Math.min(maximum + 1, Math.max(alias + 1, topics.length * 2)));
        }
        topics[alias] = topic;
    }

    /** The topic of the alias, or null when the client never set it. */
    String get(int alias) { return alias < topics.length ? topics[alias] : null; }
}
