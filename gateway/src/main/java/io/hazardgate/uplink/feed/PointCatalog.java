package io.hazardgate.uplink.feed;

import io.hazardgate.config.site.Equipment;
import io.hazardgate.config.site.PointCode;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.UplinkSettings;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The points one uplink reports, by site and tag, with their platform codes: the sites it reports and,
 * in them, the sensors with a platform code (every sensor, when the uplink requires codes, which the
 * configuration checked). Immutable; a reload builds a new one.
 */
public final class PointCatalog {
    private final Map<String, Site> sites;
    private final Map<String, Map<String, PointInfo>> points;

    private PointCatalog(Map<String, Site> sites, Map<String, Map<String, PointInfo>> points) {
        this.sites = sites;
        this.points = points;
    }

    public static PointCatalog of(List<Site> all, UplinkSettings uplink) {
        Map<String, Site> sites = new LinkedHashMap<>();
        Map<String, Map<String, PointInfo>> points = new HashMap<>();
        for (Site site : all) {
            if (!uplink.reports(site.id())) continue;
            sites.put(site.id(), site);
            Map<String, PointInfo> byTag = new LinkedHashMap<>();
            for (Sensor s : site.sensors()) {
                PointCode pc = site.codes().point(s.tag());
                if (pc == null || pc.code().isEmpty()) continue;
                Equipment eq = pc.equipment().isEmpty() ? null : site.codes().equipment(pc.equipment());
                byTag.put(s.tag(), new PointInfo(site, s, site.hazardSource(s.source()), site.codes().sourceCode(s.source()),
                        eq, pc.code(), pc.unit().isEmpty() ? s.unit() : pc.unit()));
            }
            points.put(site.id(), byTag);
        }
        return new PointCatalog(sites, points);
    }

    /** The reported point {@code tag} of {@code site}, or null when the uplink does not report it. */
    public PointInfo point(String site, String tag) {
        Map<String, PointInfo> byTag = points.get(site);
        return byTag == null ? null : byTag.get(tag);
    }

    /** The reported points of a site, in file order. */
    public List<PointInfo> points(String site) {
        Map<String, PointInfo> byTag = points.get(site);
        return byTag == null ? List.of() : List.copyOf(byTag.values());
    }

    /** The sites the uplink reports, in configuration order. */
    public List<Site> sites() { return List.copyOf(sites.values()); }

    public Site site(String id) { return sites.get(id); }
}
