package io.hazardgate.config.site;

import java.util.List;
import java.util.Map;

/**
 * The codes a site is known by on the supervision platforms (city, province, the national
 * hazardous-chemicals monitoring and early-warning system): the enterprise, its hazard sources, their
 * equipment and the monitoring points. Kept beside the plant model rather than in it, because only the
 * platform uplinks read them. Immutable; every map may be missing entries a site did not code.
 *
 * @param sources   hazard-source id to its platform code
 * @param equipment every piece of equipment, in file order
 * @param points    sensor tag to its platform code
 */
public record PlatformCodes(Enterprise enterprise, Map<String, String> sources, List<Equipment> equipment,
                            Map<String, PointCode> points) {

    /** A site that gave no codes. */
    public static PlatformCodes none(String siteName) {
        return new PlatformCodes(new Enterprise("", siteName, "", ""), Map.of(), List.of(), Map.of());
    }

    public String sourceCode(String sourceId) { return sources.getOrDefault(sourceId, ""); }

    public PointCode point(String tag) { return points.get(tag); }

    public Equipment equipment(String id) {
        for (Equipment e : equipment) if (e.id().equals(id)) return e;
        return null;
    }
}
