package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.api.http.Json;
import io.hazardgate.api.view.ReadingPoint;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.api.view.AlarmWords;
import io.hazardgate.config.site.DamDesign;
import io.hazardgate.config.site.DamSection;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmEvent;
import java.util.Locale;

/** The JSON shapes of the API (docs/api.md), built from config records and the live views. */
final class JsonViews {
    private static final String[] QUALITY = {"good", "uncertain", "bad"};

    private JsonViews() {}

    static ObjectNode object() { return Json.MAPPER.createObjectNode(); }

    static ArrayNode array() { return Json.MAPPER.createArrayNode(); }

    /** Counts by name, in the map's order. */
    static ObjectNode counts(java.util.Map<String, Integer> counts) {
        ObjectNode n = object();
        counts.forEach(n::put);
        return n;
    }

    /** A name in both languages. */
    static ObjectNode names(Names names) {
        return object().put("zh", names.zh()).put("en", names.en());
    }

    static ObjectNode hazardSource(String site, HazardSource h, RiskState risk, int sensorCount) {
        ObjectNode n = object();
        n.put("site", site).put("id", h.id()).put("name", h.name()).put("kind", h.kind().name().toLowerCase(Locale.ROOT))
                .put("grade", h.grade()).put("class", h.damClass()).put("rank", h.rankName()).put("priority", h.priority())
                .put("sensors", sensorCount);
        n.set("names", names(h.names()));
        if (h.assessedRisk() != null) {
            n.putObject("assessedRisk").put("grade", h.assessedRisk().wireName()).put("name", h.assessedRisk().chinese())
                    .put("colour", h.assessedRisk().colour().wireName());
        }
        ObjectNode persons = n.putObject("responsible");
        persons.put("principal", h.responsible().principal()).put("technical", h.responsible().technical())
                .put("operational", h.responsible().operational());
        if (!h.responsible().supervisor().isEmpty()) persons.put("supervisor", h.responsible().supervisor());
        DamDesign d = h.design();
        if (d != DamDesign.NONE) {
            ObjectNode design = n.putObject("design");
            for (String name : DamDesign.NAMES) {
                if (Double.isFinite(d.named(name))) design.put(name, d.named(name));
            }
        }
        DamSection section = h.section();
        if (section != null) {
            ObjectNode sec = n.putObject("section").put("toeElevation", section.toeElevation()).put("downstreamSlope", section.downstreamSlope())
                    .put("water", section.water()).put("beach", section.beach()).put("freeboard", section.freeboard());
            ArrayNode piezometers = sec.putArray("piezometers");
            for (DamSection.Piezometer p : section.piezometers()) {
                piezometers.addObject().put("tag", p.tag()).put("distance", p.distance()).put("surfaceElevation", p.surfaceElevation());
            }
        }
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

    /**
     * @param judged what the rules judge when that is not the reading itself (a rain gauge's 24 h sum), NaN otherwise
     * @param worst  the sensor's most severe active alarm, already in its API shape; null for none
     */
    static ObjectNode sensor(String site, Sensor s, ReadingPoint latest, double judged, AlarmEvent worstEvent, JsonNode worst) {
        ObjectNode n = object();
        n.put("site", site).put("tag", s.tag()).put("name", s.name()).put("source", s.source()).put("device", s.device())
                .put("type", s.type().wireName()).put("unit", s.unit()).put("periodSeconds", s.period().toSeconds())
                .put("latched", s.latched());
        n.set("names", names(s.names()));
        if (s.rules().noData().enabled()) n.put("noDataSeconds", s.rules().noData().window(s.period()).toSeconds());
        if (s.rules().accumulates()) {
            n.put("accumulateSeconds", s.rules().accumulate().toSeconds());
            if (Double.isFinite(judged)) n.put("judged", judged);
            else n.putNull("judged");
        }
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
            limits.addObject().put("name", l.name()).put("nameZh", AlarmWords.limitZh(l.name()))
                    .put("direction", l.direction().name().toLowerCase(Locale.ROOT))
                    .put("level", l.level()).put("colour", l.colour().wireName()).put("value", l.value())
                    .put("deadband", l.deadband());
        }
        if (latest == null) {
            n.putNull("latest");
        } else {
            n.set("latest", point(latest));
        }
        n.put("status", status(latest, worstEvent));
        if (worst == null) n.putNull("alarm");
        else n.set("alarm", worst);
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
        n.put("ts", p.ts());
        if (Double.isFinite(p.value())) n.put("value", p.value());
        else n.putNull("value");
        n.put("quality", quality(p.quality()));
        if (Double.isFinite(p.min())) n.put("min", p.min()).put("max", p.max());
        return n;
    }

    static String quality(int code) { return QUALITY[Math.min(2, Math.max(0, code))]; }
}
