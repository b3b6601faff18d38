package io.hazardgate.config;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.ColourPolicy;
import io.hazardgate.config.rules.Conversion;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.StandardOverride;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.Sensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of a site file's {@code sensors}: the point, its limits and its rules. */
final class SensorLoader {
    private static final Set<String> OWN_KEYS = Set.of("tag", "name", "source", "device", "alsoFrom", "type", "unit", "period",
            "warningPeriod", "range", "limits", "thresholds", "deadband", "latched", "standardOverride");

    /** What every sensor of a site shares: its hazard sources, devices, rule defaults and colour policy. */
    record SiteContext(Map<String, HazardSource> sources, Map<String, Device> devices, RuleLoader.Defaults defaults,
                       ColourPolicy policy) {}

    private SensorLoader() {}

    static Sensor load(ConfigNode n, SiteContext site) {
        n.requireObject();
        Set<String> known = new HashSet<>(OWN_KEYS);
        known.addAll(RuleLoader.SENSOR_KEYS);
        known.addAll(GasLimits.KEYS);
        known.addAll(DiscreteLoader.KEYS);
        known.addAll(ConversionLoader.KEYS);
        known.addAll(PlatformCodesLoader.SENSOR_KEYS);
        n.rejectUnknown(known);
        String tag = n.get("tag").identifier();
        String sourceId = n.get("source").identifier();
        HazardSource source = site.sources().get(sourceId);
        if (source == null) throw n.get("source").error("unknown hazard source '" + sourceId + "'");
        SensorType type = type(n.get("type"));
        String device = "";
        if (n.has("device")) {
            device = n.get("device").identifier();
            if (!site.devices().containsKey(device)) throw n.get("device").error("unknown device '" + device + "'");
        }
        List<String> alsoFrom = alsoFrom(n.get("alsoFrom"), device, site.devices());
        String unit = GasLimits.checkUnit(n, type, n.get("unit").string(type.defaultUnit()));
        Duration period = n.get("period").duration(type.defaultPeriod());
        if (period.isZero() || period.isNegative()) throw n.get("period").error("must be positive");
        if (type.isTailings() && period.compareTo(RuleLoader.MAX_TAILINGS_PERIOD) > 0) {
            throw n.get("period").error("a tailings point reports at least once a day (GB 51108-2015 §4.5.4): at most 24h");
        }
        Duration warningPeriod = warningPeriod(n.get("warningPeriod"), type);

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

        GasLimits.rejectOnOtherTypes(n, type);
        Conversion conversion = ConversionLoader.load(n, type, source);
        DiscreteLoader.Resolved discrete = DiscreteLoader.load(n, type, site.policy());
        List<ThresholdLimit> limits;
        StandardOverride override = null;
        if (discrete != null) {
            limits = discrete.limits();
        } else {
            LimitLoader.Resolved r = LimitLoader.limits(n, type, unit, deadband, site.policy(), source);
            limits = r.limits();
            override = r.override();
        }
        boolean latched = n.get("latched").bool(type.latchedByDefault());
        AlarmRules rules = RuleLoader.rules(n, type, site.defaults(), deadband, source.priority(), conversion.derived(), discrete);
        Names names = NameLoader.load(n.get("name"), tag);
        return new Sensor(tag, names.text(), sourceId, device, type, unit, period, warningPeriod, rangeMin, rangeMax,
                limits, latched, rules, conversion, override, names, alsoFrom);
    }

    /** Further loggers that may report the point (a redundant logger); each once, and only beside its own. */
    private static List<String> alsoFrom(ConfigNode n, String device, Map<String, Device> devices) {
        List<String> out = new ArrayList<>();
        for (ConfigNode d : n.elements()) {
            String id = d.identifier();
            if (!devices.containsKey(id)) throw d.error("unknown device '" + id + "'");
            if (device.isEmpty()) throw d.error("needs the point's own 'device' first");
            if (id.equals(device) || out.contains(id)) throw d.error("device '" + id + "' is named twice");
            out.add(id);
        }
        return List.copyOf(out);
    }

    private static SensorType type(ConfigNode n) {
        String text = n.string("generic");
        if (text.equals("displacement")) {
            throw n.error("say which monitoring item: surface_displacement (GNSS, total station), internal_displacement or"
                    + " landslide_displacement (GB 39496-2020 §5.5.2 counts them apart)");
        }
        SensorType type = SensorType.fromWireName(text);
        if (type == null) {
            List<String> names = new ArrayList<>();
            for (SensorType t : SensorType.values()) names.add(t.wireName());
            throw n.error("unknown sensor type '" + text + "' (expected one of " + String.join(", ", names) + ")");
        }
        return type;
    }

    /** GNSS and total-station points default to 30 min, and may not be slower, while in a warning (GB 51108 §4.5.4). */
    private static Duration warningPeriod(ConfigNode n, SensorType type) {
        if (n.isMissing()) return type.isSurveyed() ? RuleLoader.SURVEYED_WARNING_PERIOD : Duration.ZERO;
        if (!type.isTailings()) throw n.error("applies only to tailings monitoring items");
        Duration d = n.duration();
        if (d.isZero()) throw n.error("must be longer than 0");
        if (type.isSurveyed() && d.compareTo(RuleLoader.SURVEYED_WARNING_PERIOD) > 0) {
            throw n.error("a GNSS or total-station point in a warning reports at least every 30 min (GB 51108-2015 §4.5.4): at most 30m");
        }
        return d;
    }
}
