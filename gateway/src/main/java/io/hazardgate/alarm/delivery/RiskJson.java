package io.hazardgate.alarm.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.AssessedRisk;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.wire.JsonWriter;
import java.io.IOException;
import java.util.Locale;

/**
 * The JSON of {@code risk/{site}/{source}} (retained) and {@code risk-event/{site}/{source}} (docs/protocol.md).
 * It carries both colours of a source: {@code assessedRisk}, the static grade from the enterprise's risk
 * assessment, and {@code colour}, the live colour from its active alarms (the project's policy).
 */
public final class RiskJson {
    private RiskJson() {}

    public static byte[] state(RiskState r, long ts) {
        return JsonWriter.bytes(g -> write(g, r, ts, null));
    }

    public static byte[] event(RiskState r, RiskColour previous, long ts) {
        return JsonWriter.bytes(g -> write(g, r, ts, previous));
    }

    private static void write(JsonGenerator g, RiskState r, long ts, RiskColour previous) throws IOException {
        g.writeStartObject();
        g.writeStringField("site", r.site());
        g.writeStringField("source", r.source().id());
        g.writeStringField("name", r.source().name());
        g.writeStringField("kind", r.source().kind().name().toLowerCase(Locale.ROOT));
        HazardSource h = r.source();
        if (h.kind() == HazardSourceKind.TAILINGS_DAM) g.writeNumberField("class", h.damClass());
        else g.writeNumberField("grade", h.grade());
        g.writeStringField("rank", h.rankName());
        g.writeNumberField("priority", h.priority());
        AssessedRisk assessed = h.assessedRisk();
        if (assessed != null) {
            g.writeObjectFieldStart("assessedRisk");
            g.writeStringField("grade", assessed.wireName());
            g.writeStringField("name", assessed.chinese());
            g.writeStringField("colour", assessed.colour().wireName());
            g.writeEndObject();
        }
        g.writeStringField("colour", r.colour().wireName());
        g.writeNumberField("level", r.colour().level());
        if (previous != null) g.writeStringField("previousColour", previous.wireName());
        g.writeNumberField("activeAlarms", r.activeAlarms());
        g.writeStringField("cause", r.cause());
        if (!r.items().isEmpty()) {
            g.writeArrayFieldStart("items");
            for (RiskState.ItemRisk it : r.items()) {
                g.writeStartObject();
                g.writeStringField("type", it.type());
                g.writeStringField("colour", it.colour().wireName());
                g.writeStringField("pointColour", it.pointColour().wireName());
                g.writeObjectFieldStart("points");
                g.writeNumberField("blue", it.points()[0]);
                g.writeNumberField("yellow", it.points()[1]);
                g.writeNumberField("orange", it.points()[2]);
                g.writeNumberField("red", it.points()[3]);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("ts", ts);
        g.writeEndObject();
    }
}
