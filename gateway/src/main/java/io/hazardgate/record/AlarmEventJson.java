package io.hazardgate.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.wire.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The wire JSON of {@link AlarmEvent} (docs/protocol.md), both ways, with Jackson. */
public final class AlarmEventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlarmEventJson() {}

    public static byte[] encode(AlarmEvent e) {
        return JsonWriter.bytes(g -> write(g, e));
    }

    public static String toJson(AlarmEvent e) {
        return JsonWriter.string(g -> write(g, e));
    }

    /** The fields in the order docs/protocol.md shows; the alarm journal and the log keep these bytes. */
    private static void write(JsonGenerator g, AlarmEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", e.id());
        g.writeNumberField("seq", e.seq());
        g.writeStringField("site", e.site());
        g.writeStringField("source", e.source());
        g.writeStringField("tag", e.tag());
        g.writeStringField("rule", e.rule());
        g.writeStringField("limitName", e.limitName());
        g.writeStringField("kind", e.kind().wireName());
        g.writeNumberField("level", e.level());
        g.writeStringField("colour", e.colour().wireName());
        g.writeNumberField("priority", e.priority());
        g.writeStringField("state", e.state().wireName());
        JsonWriter.numberOrNull(g, "value", e.value());
        JsonWriter.numberOrNull(g, "limit", e.limit());
        g.writeStringField("unit", e.unit());
        g.writeNumberField("readingTs", e.readingTs());
        g.writeNumberField("eventTs", e.eventTs());
        g.writeStringField("message", e.message());
        g.writeNumberField("raisedTs", e.raisedTs());
        g.writeBooleanField("acknowledged", e.acknowledged());
        if (e.ack() != null) {
            g.writeStringField("ackBy", e.ack().by());
            g.writeNumberField("ackTs", e.ack().ts());
            g.writeStringField("ackComment", e.ack().comment());
        }
        g.writeBooleanField("flapping", e.flapping());
        if (e.escalation() != null) {
            g.writeObjectFieldStart("escalation");
            g.writeNumberField("step", e.escalation().step());
            g.writeStringField("role", e.escalation().role());
            g.writeStringField("person", e.escalation().person());
            g.writeEndObject();
        }
        g.writeEndObject();
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
}
