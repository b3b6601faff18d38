package io.hazardgate.uplink.feed;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Equipment;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.uplink.template.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The basic data of one site as a platform registers it: the enterprise, its hazard sources with their
 * responsible persons, their equipment, the data loggers and every reported point with its range,
 * period and alarm limits. Sent when an uplink starts and whenever it changed since it was last sent.
 */
public final class BasicData {
    private BasicData() {}

    /** The basic-data message of {@code site} as the catalog reports it. */
    public static OutgoingMessage message(String uplink, PointCatalog catalog, Site site, String id, Instant sentAt) {
        List<PointInfo> points = catalog.points(site.id());
        Set<String> reportedSources = new HashSet<>();
        Set<String> reportedDevices = new HashSet<>();
        for (PointInfo p : points) {
            reportedSources.add(p.sensor().source());
            reportedDevices.add(p.sensor().device());
        }
        List<Context> sources = new ArrayList<>();
        for (HazardSource h : site.hazardSources()) {
            if (!reportedSources.contains(h.id())) continue;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("source.code", site.codes().sourceCode(h.id()));
            v.put("source.id", h.id());
            v.put("source.name", h.name());
            v.put("source.kind", h.kind().name().toLowerCase(Locale.ROOT));
            v.put("source.grade", h.grade());
            v.put("source.class", h.damClass());
            v.put("source.rank", h.rankName());
            v.put("responsible.principal", h.responsible().principal());
            v.put("responsible.technical", h.responsible().technical());
            v.put("responsible.operational", h.responsible().operational());
            sources.add(Values.of(v, Map.of()));
        }
        List<Context> equipment = new ArrayList<>();
        for (Equipment e : site.codes().equipment()) {
            if (!reportedSources.contains(e.source())) continue;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("equipment.code", e.code());
            v.put("equipment.id", e.id());
            v.put("equipment.name", e.name());
            v.put("equipment.kind", e.kind());
            v.put("source.code", site.codes().sourceCode(e.source()));
            v.put("source.id", e.source());
            equipment.add(Values.of(v, Map.of()));
        }
        List<Context> devices = new ArrayList<>();
        for (Device d : site.devices()) {
            if (!reportedDevices.contains(d.id())) continue;
            devices.add(Values.of(Map.of("device.id", d.id(), "device.name", d.name()), Map.of()));
        }
        List<Context> pointValues = new ArrayList<>();
        for (PointInfo p : points) {
            List<Context> limits = new ArrayList<>();
            for (ThresholdLimit l : p.sensor().limits()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("limit.name", l.name());
                v.put("limit.direction", l.direction().name().toLowerCase(Locale.ROOT));
                v.put("limit.level", l.level());
                v.put("limit.colour", RiskColour.ofLevel(l.level()).wireName());
                v.put("limit.value", l.value());
                limits.add(Values.of(v, Map.of()));
            }
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("point.rangeMin", p.sensor().rangeMin());
            v.put("point.rangeMax", p.sensor().rangeMax());
            long periodMs = p.sensor().period().toMillis();
            v.put("point.period", periodMs % 1000 == 0 ? (Object) (periodMs / 1000) : (Object) (periodMs / 1000.0));
            pointValues.add(Values.chain(Values.of(v, Map.of("limits", limits)), name -> Values.point(p, name)));
        }
        Context values = Values.chain(Values.message(uplink, MessageKind.BASIC, id, false, sentAt, points.size(), site),
                Values.of(Map.of(), Map.of("sources", sources, "equipment", equipment, "devices", devices, "points", pointValues)));
        return new OutgoingMessage(MessageKind.BASIC, id, site.id(), false, values, 0);
    }
}
