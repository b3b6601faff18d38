package io.hazardgate.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hazardgate.config.ConfigException;
import io.hazardgate.config.ConfigNode;
import io.hazardgate.config.site.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file (docs/simulator.md, "Scenarios") and checks it against the plant it will play:
 * every tag, device and site exists and is played, incidents on one point or one logger do not
 * overlap, every expectation's window lies inside the scenario. Errors name the file, the field and the
 * reason, as {@link ConfigException}.
 */
public final class ScenarioLoader {
    /** Speed a scenario plays at when its file does not say. */
    public static final double DEFAULT_SPEED = 60;
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> TOP = Set.of("name", "description", "site", "devices", "speed", "duration", "incidents", "expect",
            "expectNone");

    private ScenarioLoader() {}

    public static Scenario load(Path file, List<Site> sites) {
        String name = file.toString();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "", "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read: " + e.getMessage());
        }
        return read(ConfigNode.root(name, root), name, defaultName(file), sites);
    }

    static Scenario read(ConfigNode root, String file, String fileName, List<Site> sites) {
        root.requireObject();
        root.rejectUnknown(TOP);
        String scenarioName = root.get("name").identifier(fileName);
        String site = root.get("site").identifier(null);
        Set<String> devices = new LinkedHashSet<>();
        for (ConfigNode d : root.get("devices").elements()) devices.add(d.string());
        PlantCatalog plant = new PlantCatalog(sites, site, devices);
        if (site != null) plant.checkSite(root.get("site"), site);
        List<ConfigNode> deviceNodes = root.get("devices").elements();
        for (ConfigNode d : deviceNodes) plant.checkDevice(d, d.string());
        double speed = root.get("speed").number(DEFAULT_SPEED);
        if (!(speed > 0)) throw root.get("speed").error("must be positive");
        Duration duration = root.get("duration").duration();
        if (duration.isZero()) throw root.get("duration").error("must be positive");

        ConfigNode incidentList = root.get("incidents");
        if (incidentList.isMissing()) throw incidentList.error("is required (a list of what happens to the plant)");
        List<Incident> incidents = new IncidentReader(plant, duration).read(incidentList);
        Map<String, Incident> byId = ids(incidents, incidentList);
        checkOverlaps(incidents, incidentList);

        TimeRefs refs = new TimeRefs(byId, duration.toMillis());
        List<AlarmExpectation> alarms = new ArrayList<>();
        List<ErrorExpectation> errors = new ArrayList<>();
        ExpectationReader expectations = new ExpectationReader(plant, refs);
        for (ConfigNode n : root.get("expect").elements()) expectations.read(n, alarms, errors);
        List<QuietWindow> quiet = new ArrayList<>();
        for (ConfigNode n : root.get("expectNone").elements()) quiet.add(expectations.quiet(n));
        return new Scenario(scenarioName, root.get("description").string(""), file, devices, speed, duration, incidents, alarms, errors,
                quiet, plant.playedPoints());
    }

    private static Map<String, Incident> ids(List<Incident> incidents, ConfigNode list) {
        Map<String, Incident> byId = new HashMap<>();
        List<ConfigNode> nodes = list.elements();
        for (int i = 0; i < incidents.size(); i++) {
            Incident inc = incidents.get(i);
            if (inc.id() != null && byId.putIfAbsent(inc.id(), inc) != null) {
                throw nodes.get(i).get("id").error("duplicate incident id '" + inc.id() + "'");
            }
        }
        return byId;
    }

    /** Two incidents cannot drive one point, or one logger's link, at the same time. */
    private static void checkOverlaps(List<Incident> incidents, ConfigNode list) {
        List<ConfigNode> nodes = list.elements();
        for (int i = 0; i < incidents.size(); i++) {
            for (int j = 0; j < i; j++) {
                Incident a = incidents.get(j);
                Incident b = incidents.get(i);
                String target = sameTarget(a, b);
                if (target != null && b.atMillis() < a.endMillis() && a.atMillis() < b.endMillis()) {
                    throw nodes.get(i).error("overlaps " + a.field() + " on " + target + " (one incident per point or link at a time)");
                }
            }
        }
    }

    private static String sameTarget(Incident a, Incident b) {
        if (a instanceof PointIncident p && b instanceof PointIncident q && p.site().equals(q.site()) && p.tag().equals(q.tag())) return p.tag();
        if (a instanceof OfflineIncident p && b instanceof OfflineIncident q && p.site().equals(q.site()) && p.device().equals(q.device())) {
            return p.device();
        }
        return null;
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".yaml") ? n.substring(0, n.length() - 5) : n.endsWith(".yml") ? n.substring(0, n.length() - 4) : n;
    }
}
