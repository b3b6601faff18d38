package io.hazardgate.config.uplink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every name a template may use, per message kind: what the uplink puts into each message and so the
 * contract between the configuration (checked at load) and the uplink (which fills them). Names inside
 * a collection ({@code $each: readings}) are available to its {@code $item} besides the outer ones.
 */
public final class TemplateVariables {
    /** The type of a variable, which decides the formats it takes. */
    public enum Type { TEXT, NUMBER, BOOL, TIME, DAY }

    /** The names visible at one level, and the collections an {@code $each} may repeat over from it. */
    public record Scope(Map<String, Type> variables, Map<String, Scope> collections) {}

    private static final Map<String, Type> COMMON = vars(
            "message.id", Type.TEXT, "message.kind", Type.TEXT, "message.backfill", Type.BOOL,
            "message.sentAt", Type.TIME, "message.count", Type.NUMBER, "uplink.name", Type.TEXT,
            "enterprise.code", Type.TEXT, "enterprise.name", Type.TEXT, "enterprise.creditCode", Type.TEXT,
            "enterprise.region", Type.TEXT, "site.id", Type.TEXT, "site.name", Type.TEXT);

    private static final Map<String, Type> POINT = vars(
            "point.code", Type.TEXT, "point.tag", Type.TEXT, "point.name", Type.TEXT, "point.unit", Type.TEXT,
            "point.type", Type.TEXT, "source.code", Type.TEXT, "source.id", Type.TEXT, "source.name", Type.TEXT,
            "equipment.code", Type.TEXT, "equipment.id", Type.TEXT, "equipment.name", Type.TEXT,
            "device.id", Type.TEXT);

    private static final Map<String, Type> READING = merge(POINT, vars(
            "value", Type.NUMBER, "time", Type.TIME, "receivedAt", Type.TIME, "quality", Type.TEXT,
            "backfill", Type.BOOL));

    private static final Map<String, Type> ALARM = merge(COMMON, POINT, vars(
            "alarm.id", Type.TEXT, "alarm.seq", Type.NUMBER, "alarm.state", Type.TEXT, "alarm.clearance", Type.BOOL,
            "alarm.kind", Type.TEXT, "alarm.rule", Type.TEXT, "alarm.limitName", Type.TEXT, "alarm.level", Type.NUMBER,
            "alarm.colour", Type.TEXT, "alarm.value", Type.NUMBER, "alarm.limit", Type.NUMBER, "alarm.unit", Type.TEXT,
            "alarm.time", Type.TIME, "alarm.raisedAt", Type.TIME, "alarm.readingTime", Type.TIME,
            "alarm.message", Type.TEXT));

    private static final Map<String, Type> FIGURES = vars(
            "points.total", Type.NUMBER, "points.online", Type.NUMBER, "points.onlineRate", Type.NUMBER,
            "devices.total", Type.NUMBER, "devices.online", Type.NUMBER, "devices.onlineRate", Type.NUMBER,
            "readings.received", Type.NUMBER, "readings.expected", Type.NUMBER, "completeness", Type.NUMBER,
            "alarms.red", Type.NUMBER, "alarms.orange", Type.NUMBER, "alarms.yellow", Type.NUMBER,
            "alarms.blue", Type.NUMBER, "alarms.fault", Type.NUMBER, "alarms.noData", Type.NUMBER,
            "alarms.total", Type.NUMBER);

    private static final Scope READINGS = new Scope(merge(COMMON, vars()), Map.of("readings", new Scope(READING, Map.of())));

    private static final Scope LIMITS = new Scope(vars("limit.name", Type.TEXT, "limit.direction", Type.TEXT,
            "limit.level", Type.NUMBER, "limit.colour", Type.TEXT, "limit.value", Type.NUMBER), Map.of());

    private static final Scope BASIC = new Scope(COMMON, Map.of(
            "sources", new Scope(vars("source.code", Type.TEXT, "source.id", Type.TEXT, "source.name", Type.TEXT,
                    "source.kind", Type.TEXT, "source.grade", Type.NUMBER, "source.class", Type.NUMBER,
                    "source.rank", Type.TEXT, "responsible.principal", Type.TEXT,
                    "responsible.technical", Type.TEXT, "responsible.operational", Type.TEXT), Map.of()),
            "equipment", new Scope(vars("equipment.code", Type.TEXT, "equipment.id", Type.TEXT,
                    "equipment.name", Type.TEXT, "equipment.kind", Type.TEXT, "source.code", Type.TEXT,
                    "source.id", Type.TEXT), Map.of()),
            "devices", new Scope(vars("device.id", Type.TEXT, "device.name", Type.TEXT), Map.of()),
            "points", new Scope(merge(POINT, vars("point.rangeMin", Type.NUMBER, "point.rangeMax", Type.NUMBER,
                    "point.period", Type.NUMBER)), Map.of("limits", LIMITS))));

    private static final Scope STATISTICS = new Scope(merge(COMMON, FIGURES, vars("day", Type.DAY, "final", Type.BOOL)),
            Map.of("sources", new Scope(merge(FIGURES, vars("source.code", Type.TEXT, "source.id", Type.TEXT,
                    "source.name", Type.TEXT)), Map.of())));

    private TemplateVariables() {}

    /** What a body template of {@code kind} may use. */
    public static Scope body(MessageKind kind) {
        return switch (kind) {
            case REALTIME, HISTORY -> READINGS;
            case ALARM -> new Scope(ALARM, Map.of());
            case BASIC -> BASIC;
            case STATISTICS -> STATISTICS;
        };
    }

    /** What a topic template of {@code kind} may use: the message's own names, no collections. */
    public static Scope topic(MessageKind kind) {
        return new Scope(body(kind).variables(), Map.of());
    }

    private static Map<String, Type> vars(Object... pairs) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Type) pairs[i + 1]);
        return m;
    }

    @SafeVarargs
    private static Map<String, Type> merge(Map<String, Type>... maps) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (Map<String, Type> x : maps) m.putAll(x);
        return Map.copyOf(m);
    }
}
