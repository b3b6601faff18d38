package io.hazardgate.config;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.SwitchCheck;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.PlatformCodes;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates one site file: hazard sources, devices, the colour policy, rule defaults and
 * sensors; then what links sensors to each other (a derived point's source, a switch's transmitter).
 */
final class SiteLoader {
    /** Default tolerance of a switch check: 2 % of the transmitter's range, or of the set-point without one (project policy). */
    static final double SWITCH_TOLERANCE_FRACTION = 0.02;

    /** The site the gateway files its own faults under (alarm.GatewayFaults.SITE). */
    static final String RESERVED_SITE = "_gateway";

    private SiteLoader() {}

    static Site load(ConfigNode root) {
        root.requireObject();
        root.rejectUnknown(Set.of("site", "name", "enterprise", "hazardSources", "devices", "sensors", "defaults", "colourPolicy"));
        String siteId = root.get("site").identifier();
        if (siteId.equals(RESERVED_SITE)) {
            throw root.get("site").error("'" + RESERVED_SITE + "' is reserved for the gateway's own alarms (its clock)");
        }
        String siteName = root.get("name").string(siteId);

        Map<String, HazardSource> sources = new LinkedHashMap<>();
        for (ConfigNode n : root.get("hazardSources").elements()) {
            HazardSource h = HazardSourceLoader.load(n);
            if (sources.putIfAbsent(h.id(), h) != null) throw n.get("id").error("duplicate hazard source '" + h.id() + "'");
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (ConfigNode n : root.get("devices").elements()) {
            n.requireObject();
            n.rejectUnknown(Set.of("id", "name"));
            Device d = new Device(n.get("id").identifier(), n.get("name").string(""));
            if (devices.putIfAbsent(d.id(), d) != null) throw n.get("id").error("duplicate device '" + d.id() + "'");
        }
        SensorLoader.SiteContext context = new SensorLoader.SiteContext(sources, devices,
                RuleLoader.defaults(root.get("defaults")), ColourPolicyLoader.load(root.get("colourPolicy")));
        List<Sensor> sensors = new ArrayList<>();
        List<ConfigNode> nodes = root.get("sensors").elements();
        Set<String> tags = new HashSet<>();
        for (ConfigNode n : nodes) {
            Sensor s = SensorLoader.load(n, context);
            if (!tags.add(s.tag())) throw n.get("tag").error("duplicate tag '" + s.tag() + "' (tags are unique within a site)");
            sensors.add(s);
        }
        link(nodes, sensors);
        PlatformCodes codes = PlatformCodesLoader.load(root, siteName, sources.keySet(), sensors);
        return new Site(siteId, siteName, List.copyOf(sources.values()), List.copyOf(devices.values()), List.copyOf(sensors),
                codes);
    }

    /** Resolves what sensors name of each other, in place: a derived point's source, a switch's transmitter. */
    private static void link(List<ConfigNode> nodes, List<Sensor> sensors) {
        Map<String, Sensor> byTag = new HashMap<>();
        for (Sensor s : sensors) byTag.put(s.tag(), s);
        for (int i = 0; i < sensors.size(); i++) {
            Sensor s = sensors.get(i);
            ConfigNode n = nodes.get(i);
            if (s.derived()) {
                Sensor from = byTag.get(s.conversion().from());
                if (from == null) throw n.get("from").error("unknown tag '" + s.conversion().from() + "'");
                if (from.type() != SensorType.WATER_LEVEL || from.derived() || !from.source().equals(s.source())) {
                    throw n.get("from").error("must name a water_level point of the same dam that reports its own readings");
                }
                // a derived point has its source's period: it gets a value whenever the source reports
                sensors.set(i, new Sensor(s.tag(), s.name(), s.source(), s.device(), s.type(), s.unit(), from.period(),
                        s.warningPeriod(), s.rangeMin(), s.rangeMax(), s.limits(), s.latched(), s.rules(), s.conversion(),
                        s.override(), s.alsoFrom()));
            }
            SwitchCheck check = s.rules().check();
            if (check != null) {
                Sensor t = byTag.get(check.transmitter());
                if (t == null) throw n.get("checks").error("unknown tag '" + check.transmitter() + "'");
                if (t.type().isDiscrete() || t.derived() || t.type().isTailings()) {
                    throw n.get("checks").error("must name a continuous process transmitter (e.g. the tank's level), got "
                            + t.type().wireName() + (t.derived() ? " (derived)" : ""));
                }
                if (Double.isNaN(check.tolerance())) {
                    double basis = t.hasRange() ? t.rangeMax() - t.rangeMin() : Math.abs(check.setpoint());
                    check = new SwitchCheck(check.transmitter(), check.setpoint(), SWITCH_TOLERANCE_FRACTION * basis,
                            check.direction(), check.duration());
                }
                AlarmRules r = s.rules();
                AlarmRules checked = new AlarmRules(r.onDelay(), r.offDelay(), r.trends(), r.noData(), r.flatline(), r.flapping(),
                        r.escalation(), r.accumulate(), check, r.maxBypass());
                sensors.set(i, new Sensor(s.tag(), s.name(), s.source(), s.device(), s.type(), s.unit(), s.period(),
                        s.warningPeriod(), s.rangeMin(), s.rangeMax(), s.limits(), s.latched(), checked, s.conversion(),
                        s.override(), s.alsoFrom()));
            }
        }
    }
}
