package io.hazardgate.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.wire.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The wire JSON of {@link AlarmEvent} (docs/protocol.md), both ways. */
public final class AlarmEventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlarmEventJson() {}

    public static byte[] encode(AlarmEvent e) {
        return toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(AlarmEvent e) {
        StringBuilder sb = new StringBuilder(400);
        sb.append('{');
        str(sb, "id", e.id()).append(',');
        sb.append("\"seq\":").append(e.seq()).append(',');
        str(sb, "site", e.site()).append(',');
        str(sb, "source", e.source()).append(',');
        str(sb, "tag", e.tag()).append(',');
        str(sb, "rule", e.rule()).append(',');
        str(sb, "limitName", e.limitName()).append(',');
        str(sb, "kind", e.kind().wireName()).append(',');
        sb.append("\"level\":").append(e.level()).append(',');
        str(sb, "colour", e.colour().wireName()).append(',');
        sb.append("\"priority\":").append(e.priority()).append(',');
        str(sb, "state", e.state().wireName()).append(',');
        num(sb, "value", e.value()).append(',');
        num(sb, "limit", e.limit()).append(',');
        str(sb, "unit", e.unit()).append(',');
        sb.append("\"readingTs\":").append(e.readingTs()).append(',');
        sb.append("\"eventTs\":").append(e.eventTs()).append(',');
        str(sb, "message", e.message()).append(',');
        sb.append("\"raisedTs\":").append(e.raisedTs()).append(',');
        sb.append("\"acknowledged\":").append(e.acknowledged());
        if (e.ack() != null) {
            sb.append(',');
            str(sb, "ackBy", e.ack().by()).append(',');
            sb.append("\"ackTs\":").append(e.ack().ts()).append(',');
            str(sb, "ackComment", e.ack().comment());
        }
        sb.append(",\"flapping\":").append(e.flapping());
        if (e.escalation() != null) {
            sb.append(",\"escalation\":{\"step\":").append(e.escalation().step()).append(',');
            str(sb, "role", e.escalation().role()).append(',');
            str(sb, "person", e.escalation().person()).append('}');
        }
        return sb.append('}').toString();
    }

    public static AlarmEvent decode(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            Acknowledgement ack = n.path("acknowledged").asBoolean(false)
                    ? new Acknowledgement(n.path("ackBy").asText(), n.path("ackTs").asLong(), n.path("ackComment").asText())
                    : null;
            JsonNode esc = n.path("escalation");
            Escalation escalation = esc.isObject()
                    ? new Escalation(esc.path("step").asInt(), esc.path("role").asText(), esc.path("person").asText())
                    : null;
            long eventTs = n.path("eventTs").asLong();
            return new AlarmEvent(n.path("id").asText(), n.path("seq").asLong(), n.path("site").asText(),
                    n.path("source").asText(), n.path("tag").asText(), n.path("rule").asText(),
                    n.path("limitName").asText(), AlarmKind.fromWireName(n.path("kind").asText()),
                    n.path("level").asInt(), AlarmState.fromWireName(n.path("state").asText()),
                    n.path("value").isNumber() ? n.path("value").asDouble() : Double.NaN,
                    n.path("limit").isNumber() ? n.path("limit").asDouble() : Double.NaN,
                    n.path("unit").asText(), n.path("readingTs").asLong(), eventTs,
                    n.path("message").asText(), n.path("raisedTs").asLong(eventTs), ack,
                    n.path("flapping").asBoolean(false), escalation,
                    n.path("priority").asInt(HazardSource.UNGRADED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StringBuilder num(StringBuilder sb, String key, double v) {
        sb.append('"').append(key).append("\":");
        return Double.isFinite(v) ? sb.append(v) : sb.append("null");
    }

    public static StringBuilder str(StringBuilder sb, String key, String v) {
        sb.append('"').append(key).append("\":\"");
        return JsonText.escape(sb, v).append('"');
    }
}
