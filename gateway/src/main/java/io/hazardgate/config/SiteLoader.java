package io.hazardgate.config;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads and validates one site file (hazard sources, devices, sensors and their limits). */
final class SiteLoader {
    /** Default deadband as a fraction of a limit's magnitude when a sensor sets none. */
    static final double DEFAULT_DEADBAND_FRACTION = 0.02;
    /** GB 39496: phreatic-line orange warning value is 1.1 × the red value. */
    static final double PHREATIC_ORANGE_FACTOR = 1.1;

    /** The site the gateway files its own faults under (alarm.GatewayFaults.SITE). */
    static final String RESERVED_SITE = "_gateway";

    private SiteLoader() {}

    static Site load(ConfigNode root) {
        root.requireObject();
        root.rejectUnknown(Set.of("site", "name", "hazardSources", "devices", "sensors", "defaults"));
        String siteId = root.get("site").identifier();
        if (siteId.equals(RESERVED_SITE)) {
            throw root.get("site").error("'" + RESERVED_SITE + "' is reserved for the gateway's own alarms (its clock)");
        }
        String siteName = root.get("name").string(siteId);

        Map<String, HazardSource> sources = new LinkedHashMap<>();
        for (ConfigNode n : root.get("hazardSources").elements()) {
            HazardSource h = hazardSource(n);
            if (sources.putIfAbsent(h.id(), h) != null) throw n.get("id").error("duplicate hazard source '" + h.id() + "'");
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (ConfigNode n : root.get("devices").elements()) {
            n.requireObject();
            n.rejectUnknown(Set.of("id", "name"));
            Device d = new Device(n.get("id").identifier(), n.get("name").string(""));
            if (devices.putIfAbsent(d.id(), d) != null) throw n.get("id").error("duplicate device '" + d.id() + "'");
        }
        RuleLoader.Defaults defaults = RuleLoader.defaults(root.get("defaults"));
        List<Sensor> sensors = new ArrayList<>();
        Set<String> tags = new HashSet<>();
        for (ConfigNode n : root.get("sensors").elements()) {
            Sensor s = sensor(n, sources, devices, defaults);
            if (!tags.add(s.tag())) throw n.get("tag").error("duplicate tag '" + s.tag() + "' (tags are unique within a site)");
            sensors.add(s);
        }
        return new Site(siteId, siteName, List.copyOf(sources.values()), List.copyOf(devices.values()), List.copyOf(sensors));
    }

    private static HazardSource hazardSource(ConfigNode n) {
        n.requireObject();
        n.rejectUnknown(Set.of("id", "name", "kind", "grade", "responsible"));
        String id = n.get("id").identifier();
        String kindText = n.get("kind").string("major_hazard");
        HazardSourceKind kind;
        try {
            kind = HazardSourceKind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw n.get("kind").error("must be major_hazard or tailings_dam, got '" + kindText + "'");
        }
        int grade = n.get("grade").integer(0, 0, 4);
        ResponsiblePersons persons = ResponsiblePersons.NONE;
        ConfigNode r = n.get("responsible");
        if (!r.isMissing()) {
            r.requireObject();
            r.rejectUnknown(Set.of("principal", "technical", "operational"));
            persons = new ResponsiblePersons(r.get("principal").string(""), r.get("technical").string(""),
                    r.get("operational").string(""));
        }
        return new HazardSource(id, n.get("name").string(id), kind, grade, persons);
    }

    private static Sensor sensor(ConfigNode n, Map<String, HazardSource> sources, Map<String, Device> devices,
                                 RuleLoader.Defaults defaults) {
        n.requireObject();
        Set<String> known = new HashSet<>(Set.of("tag", "name", "source", "device", "type", "unit", "period", "range",
                "limits", "thresholds", "deadband", "latched", "oel"));
        known.addAll(RuleLoader.SENSOR_KEYS);
        n.rejectUnknown(known);
        String tag = n.get("tag").identifier();
        String source = n.get("source").identifier();
        if (!sources.containsKey(source)) throw n.get("source").error("unknown hazard source '" + source + "'");
        String device = "";
        if (n.has("device")) {
            device = n.get("device").identifier();
            if (!devices.containsKey(device)) throw n.get("device").error("unknown device '" + device + "'");
        }
        String typeText = n.get("type").string("generic");
        SensorType type = SensorType.fromWireName(typeText);
        if (type == null) {
            List<String> names = new ArrayList<>();
            for (SensorType t : SensorType.values()) names.add(t.wireName());
            throw n.get("type").error("unknown sensor type '" + typeText + "' (expected one of " + String.join(", ", names) + ")");
        }
        String unit = n.get("unit").string(type.defaultUnit());
        Duration period = n.get("period").duration(type.defaultPeriod());
        if (period.isZero() || period.isNegative()) throw n.get("period").error("must be positive");

        double rangeMin = Double.NaN;
        double rangeMax = Double.NaN;
        ConfigNode range = n.get("range");
        if (!range.isMissing()) {
            List<ConfigNode> ends = range.elements();
            if (ends.size() != 2) throw range.error("must be [min, max]");
            rangeMin = ends.get(0).number();
            rangeMax = ends.get(1).number();
            if (rangeMin >= rangeMax) throw range.error("min " + rangeMin + " must be below max " + rangeMax);
        }
        double deadband = n.get("deadband").number(Double.NaN);
        if (deadband < 0) throw n.get("deadband").error("must not be negative");

        List<ThresholdLimit> limits = limits(n, type, deadband);
        boolean latched = n.get("latched").bool(type.latchedByDefault());
        AlarmRules rules = RuleLoader.rules(n, type, defaults, deadband);
        return new Sensor(tag, n.get("name").string(tag), source, device, type, unit, period, rangeMin, rangeMax,
                List.copyOf(limits), latched, rules);
    }

    /** Merges the type's preset with the sensor's {@code limits} overrides and full-form {@code thresholds}. */
    private static List<ThresholdLimit> limits(ConfigNode n, SensorType type, double deadband) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (SensorType.PresetLimit p : type.presetLimits()) values.put(p.name(), p.value());
        ConfigNode oelNode = n.get("oel");
        if (type == SensorType.TOXIC_GAS && !oelNode.isMissing()) {
            double oel = oelNode.number();
            if (oel <= 0) throw oelNode.error("must be positive");
            values.put("L1", oel);
            values.put("L2", 2 * oel);
        } else if (!oelNode.isMissing()) {
            throw oelNode.error("applies only to toxic_gas sensors");
        }
        ConfigNode overrides = n.get("limits");
        Set<String> overridden = new HashSet<>();
        for (Map.Entry<String, ConfigNode> e : overrides.entries()) {
            if (type.presetLimit(e.getKey()) == null) {
                List<String> names = type.presetLimits().stream().map(SensorType.PresetLimit::name).toList();
                throw e.getValue().error(names.isEmpty()
                        ? "type " + type.wireName() + " has no preset limits; use 'thresholds' with name, direction, level and value"
                        : "unknown limit for " + type.wireName() + " (expected one of " + String.join(", ", names) + ")");
            }
            values.put(e.getKey(), e.getValue().number());
            overridden.add(e.getKey());
        }
        if (type == SensorType.PHREATIC_LINE && !overridden.contains("orange") && !Double.isNaN(values.get("red"))) {
            values.put("orange", PHREATIC_ORANGE_FACTOR * values.get("red"));
        }
        if (type == SensorType.TOXIC_GAS && Double.isNaN(values.get("L1")) && Double.isNaN(values.get("L2"))) {
            throw n.get("oel").error("is required for toxic_gas sensors (or give limits L1 and L2)");
        }

        List<ThresholdLimit> out = new ArrayList<>();
        for (SensorType.PresetLimit p : type.presetLimits()) {
            double v = values.get(p.name());
            if (Double.isNaN(v)) continue; // the site chose not to use this limit
            out.add(new ThresholdLimit(p.name(), p.direction(), p.level(), v, deadbandFor(deadband, v)));
        }
        for (ConfigNode t : n.get("thresholds").elements()) out.add(fullFormLimit(t, deadband));
        checkOrdering(n, out);
        out.sort(Comparator.comparing(ThresholdLimit::direction).thenComparingInt(ThresholdLimit::level));
        return out;
    }

    private static ThresholdLimit fullFormLimit(ConfigNode t, double sensorDeadband) {
        t.requireObject();
        t.rejectUnknown(Set.of("name", "direction", "level", "value", "deadband"));
        String name = t.get("name").identifier();
        String dir = t.get("direction").string();
        Direction direction;
        try {
            direction = Direction.valueOf(dir.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw t.get("direction").error("must be high or low, got '" + dir + "'");
        }
        if (!t.has("level")) throw t.get("level").error("is required (1 blue, 2 yellow, 3 orange, 4 red)");
        int level = t.get("level").integer(0, 1, 4);
        double value = t.get("value").number();
        double db = t.get("deadband").number(Double.NaN);
        if (db < 0) throw t.get("deadband").error("must not be negative");
        return new ThresholdLimit(name, direction, level, value, Double.isNaN(db) ? deadbandFor(sensorDeadband, value) : db);
    }

    private static double deadbandFor(double configured, double limitValue) {
        return Double.isNaN(configured) ? Math.abs(limitValue) * DEFAULT_DEADBAND_FRACTION : configured;
    }

    /** Higher levels must be further out: HH above H, LL below L, red beyond orange. */
    private static void checkOrdering(ConfigNode n, List<ThresholdLimit> limits) {
        Set<String> names = new HashSet<>();
        for (ThresholdLimit a : limits) {
            if (!names.add(a.name())) throw n.get("thresholds").error("duplicate limit name '" + a.name() + "'");
            for (ThresholdLimit b : limits) {
                if (a == b || a.direction() != b.direction()) continue;
                if (a.level() == b.level()) {
                    throw n.get("limits").error("limits " + a.name() + " and " + b.name() + " are both level " + a.level()
                            + " on the " + a.direction().name().toLowerCase(Locale.ROOT) + " side");
                }
                if (a.level() < b.level()) {
                    boolean ok = a.direction() == Direction.HIGH ? a.value() < b.value() : a.value() > b.value();
                    if (!ok) {
                        throw n.get("limits").get(b.name()).error(b.value() + " must be "
                                + (a.direction() == Direction.HIGH ? "above " : "below ") + a.name() + " (" + a.value() + ")");
                    }
                }
            }
        }
    }
}
