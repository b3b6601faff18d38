package io.hazardgate.store.writer;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the store needs to know of the configured sensors: for each (site, tag), the escaped start of
 * its {@code reading} line, {@code reading,site=…,source=…,tag=…,type=…,unit=… }, computed once per
 * configuration so that writing a reading copies a cached prefix. Immutable; a config reload builds a
 * new one.
 */
public final class SensorCatalog {
    public static final String MEASUREMENT = "reading";
    /** Source recorded for a tag that is not configured. */
    public static final String UNKNOWN_SOURCE = "_unknown";
    /** Type recorded for a tag that is not configured. */
    public static final String UNKNOWN_TYPE = "unknown";

    private final Map<String, TagTable> bySite;

    private SensorCatalog(Map<String, TagTable> bySite) {
        this.bySite = bySite;
    }

    public static SensorCatalog of(List<Site> sites) {
        Map<String, TagTable> bySite = new HashMap<>();
        for (Site site : sites) {
            TagTable table = new TagTable(site.sensors().size());
            for (Sensor s : site.sensors()) {
                table.put(s.tag().getBytes(StandardCharsets.UTF_8),
                        prefix(site.id(), s.source(), s.tag(), s.type().wireName(), s.unit()));
            }
            bySite.put(site.id(), table);
        }
        return new SensorCatalog(Map.copyOf(bySite));
    }

    /** The line prefixes of the tags configured for {@code site}, in configuration order; null for an unknown site. */
    TagTable tags(String site) { return bySite.get(site); }

    /** The line prefix a tag that is not configured is stored under. */
    static String unknownPrefix(String site, String tag) {
        return prefix(site, UNKNOWN_SOURCE, tag, UNKNOWN_TYPE, "");
    }

    // Tags in key order, which InfluxDB prefers.
    static String prefix(String site, String source, String tag, String type, String unit) {
        StringBuilder sb = new StringBuilder(96).append(MEASUREMENT);
        LineProtocol.tag(sb, "site", site);
        LineProtocol.tag(sb, "source", source);
        LineProtocol.tag(sb, "tag", tag);
        LineProtocol.tag(sb, "type", type);
        LineProtocol.tag(sb, "unit", unit);
        return sb.append(' ').toString();
    }
}
