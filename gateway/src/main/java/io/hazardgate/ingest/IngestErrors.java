package io.hazardgate.ingest;

import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.wire.JsonText;
import java.nio.charset.StandardCharsets;
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
     * {@code {"error": text, "reason": "clock_skew", "device": ..., "tag": ..., "accepted": false, "ts": ...}};
     * {@code tag} is left out when the refusal is about the message as a whole.
     */
    void refused(TelemetryTopic topic, String clientId, Refusal reason, String tag, String text) {
        log.debug("refused telemetry from client {} (site {}, device {}, tag {}): {}: {}", clientId, topic.site(), topic.device(),
                tag, reason.tag(), text);
        StringBuilder sb = new StringBuilder(128).append("{\"error\":").append(quote(text)).append(",\"reason\":\"")
                .append(reason.tag()).append("\",\"site\":").append(quote(topic.site())).append(",\"device\":")
                .append(quote(topic.device()));
        if (tag != null) sb.append(",\"tag\":").append(quote(tag));
        publish(topic, sb.append(",\"accepted\":false,\"ts\":").append(System.currentTimeMillis()).append('}').toString());
    }

    void unknownTags(TelemetryTopic topic, int count, List<String> tags) {
        for (String tag : tags) {
            String key = topic.site() + "/" + tag;
            if (warnedUnknown.size() < MAX_REMEMBERED_UNKNOWN && warnedUnknown.add(key)) {
                log.warn("site {} device {} sends tag '{}' that is not configured: stored, not evaluated",
                        topic.site(), topic.device(), tag);
            }
        }
        StringBuilder sb = new StringBuilder("{\"warning\":\"readings with tags not configured for site ")
                .append(escape(topic.site())).append(": stored, no alarms evaluated\",\"accepted\":true,\"count\":")
                .append(count).append(",\"tags\":[");
        for (int i = 0; i < tags.size(); i++) sb.append(i == 0 ? "" : ",").append(quote(tags.get(i)));
        publish(topic, sb.append("],\"ts\":").append(System.currentTimeMillis()).append('}').toString());
    }

    private void publish(TelemetryTopic topic, String json) {
        publisher.publish(topic.errorsTopic(), json.getBytes(StandardCharsets.UTF_8), 0, false);
    }

    private static String quote(String s) { return JsonText.quote(s); }

    private static String escape(String s) { return JsonText.escape(s); }
}
