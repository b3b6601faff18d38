package io.hazardgate.store.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Turns a delivery record (one attempt to tell one recipient of an alarm, or a notice that could not be
 * sent) into one {@code alarm_delivery} line, so the delivery record is kept with the alarm events for
 * the store's retention. Tags: site, source, tag, channel, outcome; fields: alarm, notice, message,
 * attempt, cause, colour, recipient, reason, detail. The record is the JSON object alarm response wrote
 * (docs/response.md); its timestamp, in nanoseconds, is the attempt's time plus a part below the
 * millisecond derived from (notice, attempt), so a replayed record lands on the same row.
 */
public final class DeliveryLineEncoder {
    public static final String MEASUREMENT = "alarm_delivery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private DeliveryLineEncoder() {}

    static void encode(byte[] json, StringBuilder out) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("delivery record is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject() || !n.path("ts").canConvertToLong()) throw new IllegalArgumentException("delivery record without ts");
        out.append(MEASUREMENT);
        for (String t : new String[] {"site", "source", "tag", "channel", "outcome"}) {
            String v = n.path(t).asText("");
            if (!v.isEmpty()) LineProtocol.tag(out, t, v);
        }
        out.append(' ');
        LineProtocol.stringField(out, "alarm", n.path("alarm").asText("")).append(',');
        out.append("notice=").append(n.path("notice").asLong()).append("i,");
        out.append("message=").append(n.path("message").asLong()).append("i,");
        out.append("attempt=").append(n.path("attempt").asLong()).append("i,");
        for (String f : new String[] {"cause", "colour", "recipient", "reason"}) {
            LineProtocol.stringField(out, f, n.path(f).asText("")).append(',');
        }
        LineProtocol.stringField(out, "detail", n.path("detail").asText(""));
        long spread = Math.floorMod(n.path("notice").asLong() * 1_000_003L + n.path("attempt").asLong(), NANOS_PER_MILLI);
        out.append(' ').append(n.path("ts").asLong() * NANOS_PER_MILLI + spread).append('\n');
    }
}
