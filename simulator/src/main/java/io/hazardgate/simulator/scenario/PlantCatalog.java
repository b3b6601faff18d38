package io.hazardgate.simulator.scenario;

import io.hazardgate.config.ConfigNode;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The plant a scenario is checked against: which sites, tags and loggers exist and are played. Every
 * failure names the scenario field that referred to the missing thing.
 */
final class PlantCatalog {
    private final List<Site> sites;
    private final String defaultSite;
    private final Set<String> devices;

    /**
     * @param defaultSite the scenario's {@code site}, or {@code null}
     * @param devices     the scenario's {@code devices} (loggers played); empty for all
     */
    PlantCatalog(List<Site> sites, String defaultSite, Set<String> devices) {
        this.sites = sites;
        this.defaultSite = defaultSite;
        this.devices = devices;
    }

    /** The site an entry means: its own {@code site}, else the scenario's, else the only one played. */
    String site(ConfigNode entry) {
        ConfigNode n = entry.get("site");
        String id = n.isMissing() ? defaultSite : n.identifier();
        if (id == null) {
            if (sites.size() == 1) return sites.get(0).id();
            throw n.error("is required: the plant has sites " + String.join(", ", sites.stream().map(Site::id).toList()));
        }
        if (find(id) == null) throw n.error("unknown site '" + id + "' (the plant has " + String.join(", ", sites.stream().map(Site::id).toList()) + ")");
        return id;
    }

    /** Checks a site id given at the top of the file. */
    void checkSite(ConfigNode n, String id) {
        if (find(id) == null) throw n.error("unknown site '" + id + "' (the plant has " + String.join(", ", sites.stream().map(Site::id).toList()) + ")");
    }

    /** The played sensor {@code tagNode} names in {@code site}. */
    Sensor playedSensor(ConfigNode tagNode, String site) {
        Sensor s = sensor(tagNode, site);
        if (s.device().isEmpty()) throw tagNode.error("tag '" + s.tag() + "' has no device in site '" + site + "', so nothing plays it");
        if (!played(site, s.device())) {
            throw tagNode.error("tag '" + s.tag() + "' is sent by device '" + s.device() + "', which this scenario's 'devices' leaves out");
        }
        return s;
    }

    /** A configured sensor (for expectations: a tag may alarm without being played, e.g. no data). */
    Sensor sensor(ConfigNode tagNode, String site) {
        String tag = tagNode.identifier();
        Sensor s = find(site).sensorsByTag().get(tag);
        if (s == null) throw tagNode.error("unknown tag '" + tag + "' in site '" + site + "'");
        return s;
    }

    /** Checks that {@code deviceNode} names a played logger of {@code site}. */
    String playedDevice(ConfigNode deviceNode, String site) {
        String id = deviceNode.identifier();
        Site s = find(site);
        if (s.devices().stream().map(Device::id).noneMatch(id::equals)) throw deviceNode.error("unknown device '" + id + "' in site '" + site + "'");
        if (s.sensors().stream().noneMatch(x -> x.device().equals(id))) throw deviceNode.error("device '" + id + "' has no sensors, so nothing plays it");
        if (!played(site, id)) throw deviceNode.error("device '" + id + "' is left out by this scenario's 'devices'");
        return id;
    }

    /** Checks the top-level {@code devices} list names loggers that exist. */
    void checkDevice(ConfigNode deviceNode, String id) {
        boolean known = sites.stream().anyMatch(s -> s.devices().stream().anyMatch(d -> id.equals(d.id()) || id.equals(s.id() + "/" + d.id())));
        if (!known) throw deviceNode.error("unknown device '" + id + "'");
    }

    /** Every point a played logger sends, as {@code site/tag}. */
    Set<String> playedPoints() {
        Set<String> out = new HashSet<>();
        for (Site site : sites) {
            for (Sensor s : site.sensors()) {
                if (!s.device().isEmpty() && played(site.id(), s.device())) out.add(site.id() + "/" + s.tag());
            }
        }
        return out;
    }

    private boolean played(String site, String device) {
        return devices.isEmpty() || devices.contains(device) || devices.contains(site + "/" + device);
    }

    private Site find(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
