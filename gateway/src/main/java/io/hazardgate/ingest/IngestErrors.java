package io.hazardgate.ingest;

import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.wire.JsonWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a device why its message was refused or what in it was not configured: a JSON message on its
 * own {@code plant/{site}/{device}/errors} topic (QoS 0), plus a log line. Client mistakes are logged at
 * DEBUG, except the first sighting of each unknown tag, which an operator should see once at WARN.
 */
final class IngestErrors {
    private static final Logger log = LoggerFactory.getLogger(IngestErrors.class);
    /** Bounds the memory spent remembering which unknown tags were already logged at WARN. */
    private static final int MAX_REMEMBERED_UNKNOWN = 10_000;

    private final MessagePublisher publisher;
    private final Set<String> warnedUnknown = ConcurrentHashMap.newKeySet();

    IngestErrors(MessagePublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * {@code {"error": text, "reason": "clock_skew", "site": ..., "device": ..., "tag": ..., "accepted": false,
     * "ts": ...}}; {@code tag} is left out when the refusal is about the message as a whole.
     */
    void refused(TelemetryTopic topic, String clientId, Refusal reason, String tag, String text) {
        log.debug("refused telemetry from client {} (site {}, device {}, tag {}): {}: {}", clientId, topic.site(), topic.device(),
                tag, reason.tag(), text);
        long ts = System.currentTimeMillis();
        publish(topic, JsonWriter.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("error", text);
            g.writeStringField("reason", reason.tag());
            g.writeStringField("site", topic.site());
            g.writeStringField("device", topic.device());
            if (tag != null) g.writeStringField("tag", tag);
            g.writeBooleanField("accepted", false);
            g.writeNumberField("ts", ts);
            g.writeEndObject();
        }));
    }

    void unknownTags(TelemetryTopic topic, int count, List<String> tags) {
        for (String tag : tags) {
            String key = topic.site() + "/" + tag;
            if (warnedUnknown.size() < MAX_REMEMBERED_UNKNOWN && warnedUnknown.add(key)) {
                log.warn("site {} device {} sends tag '{}' that is not configured: stored, not evaluated",
                        topic.site(), topic.device(), tag);
            }
        }
        long ts = System.currentTimeMillis();
        publish(topic, JsonWriter.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("warning", "readings with tags not configured for site " + topic.site()
                    + ": stored, no alarms evaluated");
            g.writeBooleanField("accepted", true);
            g.writeNumberField("count", count);
            g.writeArrayFieldStart("tags");
            for (String tag : tags) g.writeString(tag);
            g.writeEndArray();
            g.writeNumberField("ts", ts);
            g.writeEndObject();
        }));
    }

    private void publish(TelemetryTopic topic, byte[] json) {
        publisher.publish(topic.errorsTopic(), json, 0, false);
    }
}
