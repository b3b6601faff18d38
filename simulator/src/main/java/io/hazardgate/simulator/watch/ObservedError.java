package io.hazardgate.simulator.watch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message the gateway sent a device on {@code plant/{site}/{device}/errors}: why a message was refused
 * ({@code error}) or which tags it did not know ({@code warning}).
 *
 * @param text          the {@code error} or {@code warning} text, with the unknown tags appended
 * @param ts            the gateway's {@code ts} of the message, or 0
 * @param arrivalMillis wall-clock time of arrival, epoch ms
 */
public record ObservedError(String site, String device, String text, boolean accepted, long ts, long arrivalMillis) {
    static ObservedError parse(String topic, JsonNode n, long arrivalMillis) {
        String[] parts = topic.split("/");
        String text = n.has("error") ? n.path("error").asText() : n.path("warning").asText(n.toString());
        if (n.path("tags").isArray() && !n.path("tags").isEmpty()) text += " " + n.path("tags");
        return new ObservedError(parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "", text,
                n.path("accepted").asBoolean(false), n.path("ts").asLong(0), arrivalMillis);
    }

    public String describe() {
        return device + " error \"" + text + "\"";
    }
}
