package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.view.ReadingPoint;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/** The JSON shapes of the API (docs/api.md), built from config records and the live views. */
final class JsonViews {
    private static final String[] QUALITY = {"good", "uncertain", "bad"};

    private JsonViews() {}

    static ObjectNode object() { return Json.MAPPER.createObjectNode(); }

    static ArrayNode array() { return Json.MAPPER.createArrayNode(); }

    /** An alarm event exactly as on MQTT. */
    static JsonNode alarm(AlarmEvent e) {
        try {
            return Json.MAPPER.readTree(AlarmEventJson.encode(e));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static ObjectNode hazardSource(String site, HazardSource h, RiskState risk, int sensorCount) {
        ObjectNode n = object();
        n.put("site", site).put("id", h.id()).put("name", h.name()).put("kind", h.kind().name().toLowerCase(Locale.ROOT))
                .put("grade", h.grade()).put("class", h.damClass()).put("rank", h.rankName()).put("priority", h.priority())
                .put("sensors", sensorCount);
        if (h.assessedRisk() != null) {
            n.putObject("assessedRisk").put("grade", h.assessedRisk().wireName()).put("name", h.assessedRisk().chinese())
                    .put("colour", h.assessedRisk().colour().wireName());
        }
        ObjectNode persons = n.putObject("responsible");
        persons.put("principal", h.responsible().principal()).put("technical", h.responsible().technical())
                .put("operational", h.responsible().operational());
        if (!h.responsible().supervisor().isEmpty()) persons.put("supervisor", h.responsible().supervisor());
        RiskColour colour = risk == null ? RiskColour.GREEN : risk.colour();
        n.put("colour", colour.wireName()).put("level", colour.level()).put("activeAlarms", risk == null ? 0 : risk.activeAlarms())
                .put("cause", risk == null ? "" : risk.cause());
        if (risk != null && !risk.items().isEmpty()) {
            ArrayNode items = n.putArray("items");
            for (RiskState.ItemRisk it : risk.items()) {
                items.addObject().put("type", it.type()).put("colour", it.colour().wireName())
                        .put("pointColour", it.pointColour().wireName()).put("escalated", it.escalated());
            }
        }
        return n;
    }

    static ObjectNode sensor(String site, Sensor s, ReadingPoint latest, AlarmEvent worst) {
        ObjectNode n = object();
        n.put("site", site).put("tag", s.tag()).put("name", s.name()).put("source", s.source()).put("device", s.device())
                .put("type", s.type().wireName()).put("unit", s.unit()).put("periodSeconds", s.period().toSeconds())
                .put("latched", s.latched());
        if (!s.conversion().isIdentity()) {
            ObjectNode c = n.putObject("conversion").put("scale", s.conversion().scale()).put("offset", s.conversion().offset());
            if (s.derived()) c.put("from", s.conversion().from());
            if (!s.conversion().rawUnit().isEmpty()) c.put("rawUnit", s.conversion().rawUnit());
        }
        if (s.override() != null) {
            n.putObject("standardOverride").put("reason", s.override().reason()).put("approvedBy", s.override().approvedBy());
        }
        if (Double.isFinite(s.rangeMin())) n.putArray("range").add(s.rangeMin()).add(s.rangeMax());
        ArrayNode limits = n.putArray("limits");
        for (ThresholdLimit l : s.limits()) {
            limits.addObject().put("name", l.name()).put("direction", l.direction().name().toLowerCase(Locale.ROOT))
                    .put("level", l.level()).put("colour", l.colour().wireName()).put("value", l.value())
                    .put("deadband", l.deadband());
        }
        if (latest == null) {
            n.putNull("latest");
        } else {
            n.set("latest", point(latest));
        }
        n.put("status", status(latest, worst));
        if (worst == null) n.putNull("alarm");
        else n.set("alarm", alarm(worst));
        return n;
    }

    /**
     * What the dashboard shows for a point: {@code alarm} (a hazard alarm is active), {@code fault},
     * {@code no_data}, {@code waiting} (nothing received since start) or {@code normal}.
     */
    static String status(ReadingPoint latest, AlarmEvent worst) {
        if (worst != null) return worst.kind().isHazard() ? "alarm" : worst.kind().wireName();
        return latest == null ? "waiting" : "normal";
    }

    static ObjectNode point(ReadingPoint p) {
        ObjectNode n = object();
        n.put("ts", p.ts()).put("value", p.value()).put("quality", QUALITY[Math.min(2, Math.max(0, p.quality()))]);
        return n;
    }
}
