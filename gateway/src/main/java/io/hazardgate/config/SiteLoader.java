package io.hazardgate.config;

import io.hazardgate.config.device.PayloadProfile;
import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.SwitchCheck;
import io.hazardgate.config.site.DamSection;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.PlatformCodes;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Names;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.site.SiteLayout;
import java.nio.file.Path;
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
        root.rejectUnknown(Set.of("site", "name", "enterprise", "hazardSources", "payloads", "devices", "sensors", "defaults",
                "colourPolicy", "layout"));
        String siteId = root.get("site").identifier();
        if (siteId.equals(RESERVED_SITE)) {
            throw root.get("site").error("'" + RESERVED_SITE + "' is reserved for the gateway's own alarms (its clock)");
        }
        Names siteNames = NameLoader.load(root.get("name"), siteId);

        Map<String, HazardSource> sources = new LinkedHashMap<>();
        for (ConfigNode element : root.get("hazardSources").elements()) {
            ConfigNode n = element.about("hazard source " + element.peek("id"));
            HazardSource h = HazardSourceLoader.load(n);
            if (sources.putIfAbsent(h.id(), h) != null) throw n.get("id").error("duplicate hazard source '" + h.id() + "'");
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (ConfigNode element : root.get("devices").elements()) {
            ConfigNode n = element.about("device " + element.peek("id"));
            n.requireObject();
            n.rejectUnknown(DeviceLoader.DEVICE_KEYS);
            Device d = new Device(n.get("id").identifier(), n.has("name") ? NameLoader.load(n.get("name"), "").text() : "");
            if (devices.putIfAbsent(d.id(), d) != null) throw n.get("id").error("duplicate device '" + d.id() + "'");
        }
        SensorLoader.SiteContext context = new SensorLoader.SiteContext(sources, devices,
                RuleLoader.defaults(root.get("defaults")), ColourPolicyLoader.load(root.get("colourPolicy")));
        List<Sensor> sensors = new ArrayList<>();
        List<ConfigNode> nodes = new ArrayList<>();
        for (ConfigNode element : root.get("sensors").elements()) {
            String tag = element.peek("tag");
            nodes.add(tag.isEmpty() ? element : element.about("sensor " + tag));
        }
        Set<String> tags = new HashSet<>();
        for (ConfigNode n : nodes) {
            Sensor s = SensorLoader.load(n, context);
            if (!tags.add(s.tag())) throw n.get("tag").error("duplicate tag '" + s.tag() + "' (tags are unique within a site)");
            sensors.add(s);
        }
        link(nodes, sensors);
        Map<String, Sensor> byTag = new LinkedHashMap<>();
        for (Sensor s : sensors) byTag.put(s.tag(), s);
        List<ConfigNode> sourceNodes = root.get("hazardSources").elements();
        int k = 0;
        for (HazardSource h : sources.values()) checkSection(sourceNodes.get(k++).about("hazard source " + h.id()), h, byTag);
        Path siteFile = Path.of(root.file()).toAbsolutePath();
        Path dir = siteFile.getParent() == null ? Path.of(".") : siteFile.getParent();
        SiteLayout layout = LayoutLoader.load(root.get("layout"), dir, byTag);
        // protocol blocks last: their mappings name the sensors
        Map<String, PayloadProfile> payloads = DeviceLoader.payloads(root.get("payloads"), byTag);
        List<Device> resolved = new ArrayList<>();
        for (ConfigNode n : root.get("devices").elements()) resolved.add(DeviceLoader.device(n, payloads, byTag));
        PlatformCodes codes = PlatformCodesLoader.load(root, siteNames.text(), sources.keySet(), sensors);
        return new Site(siteId, siteNames.text(), List.copyOf(sources.values()), List.copyOf(resolved), List.copyOf(sensors),
                siteNames, layout, codes);
    }

    /** The points a dam's cross-section names: its own, of the right type ({@link DamSection}). */
    private static void checkSection(ConfigNode n, HazardSource h, Map<String, Sensor> byTag) {
        DamSection section = h.section();
        if (section == null) return;
        ConfigNode s = n.get("section");
        checkPoint(s.get("water"), section.water(), h, byTag, SensorType.WATER_LEVEL);
        checkPoint(s.get("beach"), section.beach(), h, byTag, SensorType.DRY_BEACH);
        checkPoint(s.get("freeboard"), section.freeboard(), h, byTag, SensorType.FREEBOARD);
        for (DamSection.Piezometer p : section.piezometers()) {
            checkPoint(s.get("piezometers").get(p.tag()), p.tag(), h, byTag, SensorType.PHREATIC_LINE);
        }
    }

    private static void checkPoint(ConfigNode n, String tag, HazardSource h, Map<String, Sensor> byTag, SensorType type) {
        if (tag.isEmpty()) return;
        Sensor s = byTag.get(tag);
        if (s == null) throw n.error("unknown tag '" + tag + "'");
        if (s.type() != type || !s.source().equals(h.id())) {
            throw n.error("must name a " + type.wireName() + " point of " + h.id() + ", got " + tag + " (" + s.type().wireName()
                    + " of " + s.source() + ")");
        }
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
                sensors.set(i, s.withPeriod(from.period()));
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
                sensors.set(i, s.withRules(checked));
            }
        }
    }
}
