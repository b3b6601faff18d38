package io.hazardgate.simulator.scenario;

import io.hazardgate.config.ConfigNode;
import io.hazardgate.config.rules.TrendRule;
import io.hazardgate.config.site.Sensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the {@code expect} and {@code expectNone} entries of a scenario file. */
final class ExpectationReader {
    private static final Set<String> ALARM_FIELDS = Set.of("site", "tag", "tags", "kind", "rule", "state", "colour", "limit", "after",
            "within");
    private static final Set<String> ERROR_FIELDS = Set.of("site", "device", "error", "after", "within");
    private static final Set<String> QUIET_FIELDS = Set.of("site", "tag", "kind", "from", "until");

    private final PlantCatalog plant;
    private final TimeRefs refs;

    ExpectationReader(PlantCatalog plant, TimeRefs refs) {
        this.plant = plant;
        this.refs = refs;
    }

    void read(ConfigNode n, List<AlarmExpectation> alarms, List<ErrorExpectation> errors) {
        n.requireObject();
        boolean isError = n.has("error") || n.has("device");
        if (isError && (n.has("tag") || n.has("tags"))) throw n.error("expects either an alarm (tag) or a device error (device, error), not both");
        n.rejectUnknown(isError ? ERROR_FIELDS : ALARM_FIELDS);
        String site = plant.site(n);
        TimeRef after = refs.resolve(n.get("after"));
        long within = n.get("within").duration().toMillis();
        if (within <= 0) throw n.get("within").error("must be positive");
        if (after.offsetMillis() + within > refs.duration()) {
            throw n.get("within").error("the window ends after the scenario does (duration); shorten it or lengthen the scenario");
        }
        if (isError) {
            String device = plant.playedDevice(n.get("device"), site);
            errors.add(new ErrorExpectation(n.path(), site, device, n.get("error").string(), after, within));
            return;
        }
        String kind = n.get("kind").oneOf(AlarmKinds.ALL, AlarmKinds.THRESHOLD);
        String state = n.get("state").oneOf(AlarmKinds.STATES, "raised");
        String rule = n.get("rule").identifier(null);
        String colour = n.get("colour").oneOf(AlarmKinds.COLOURS, null);
        String limit = n.get("limit").string(null);
        for (ConfigNode t : tags(n)) {
            Sensor sensor = plant.sensor(t, site);
            if (rule != null) checkRule(n.get("rule"), sensor, rule);
            alarms.add(new AlarmExpectation(n.path(), site, sensor.tag(), kind, rule, state, colour, limit, after, within,
                    sensor.rules().accumulates()));
        }
    }

    QuietWindow quiet(ConfigNode n) {
        n.requireObject();
        n.rejectUnknown(QUIET_FIELDS);
        String site = n.has("site") || n.has("tag") ? plant.site(n) : null;
        String tag = n.has("tag") ? plant.sensor(n.get("tag"), site).tag() : null;
        String kind = n.get("kind").oneOf(AlarmKinds.ALL, null);
        TimeRef from = n.has("from") ? refs.resolve(n.get("from")) : new TimeRef("the start", 0);
        TimeRef until = n.has("until") ? refs.resolve(n.get("until")) : new TimeRef("the end", refs.duration());
        if (until.offsetMillis() <= from.offsetMillis()) throw n.get("until").error("must be after 'from'");
        return new QuietWindow(n.path(), site, tag, kind, from, until);
    }

    /** A rule the sensor has: a threshold side, no_data, fault, or one of its trend rules by name. */
    private static void checkRule(ConfigNode n, Sensor s, String rule) {
        List<String> rules = new ArrayList<>(List.of("high", "low", "no_data", "fault"));
        for (TrendRule t : s.rules().trends()) rules.add(t.name());
        if (!rules.contains(rule)) throw n.error(s.tag() + " has no rule '" + rule + "' (its rules: " + String.join(", ", rules) + ")");
    }

    private static List<ConfigNode> tags(ConfigNode n) {
        if (n.has("tag") == n.has("tags")) throw n.error("give 'tag' (one point) or 'tags' (a list), one of them");
        if (n.has("tag")) return List.of(n.get("tag"));
        List<ConfigNode> list = new ArrayList<>(n.get("tags").elements());
        if (list.isEmpty()) throw n.get("tags").error("must not be empty");
        return list;
    }
}
