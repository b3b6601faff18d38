package io.hazardgate.plant;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configured sensor of every site under a dense integer id, and the alarm shard that owns it.
 * A sensor is owned by the shard of its data logger, so a device's message usually goes to one shard
 * and each sensor's state is only ever touched by one thread. Immutable: a config reload builds a new
 * index with a new generation.
 */
public final class SensorIndex {
    /** Most partitions a site-partitioned index takes. */
    public static final int MAX_PARTITIONS = 1024;
    private final int generation;
    private final int shardCount;
    private final Sensor[] sensors;
    private final String[] siteOf;
    private final int[] shardOf;
    private final Map<String, SiteEntry> sites = new HashMap<>();
    private final List<Site> siteList;

    /** A site's id, as bytes for the log, and its tag table. */
    public record SiteEntry(String id, byte[] idBytes, TagTable tags) {}

    public SensorIndex(List<Site> siteList, int shardCount, int generation) {
        this(siteList, shardCount, generation, false);
    }

    /**
     * An index whose shards are partitions of sites rather than of data loggers: every sensor of a site
     * in one shard, {@link #partitionOf(String, int)}. The cluster's alarm tier uses it, one shard per
     * partition of the readings topic, so a hazard source's colour has all its sensors in one place.
     */
    public static SensorIndex bySite(List<Site> siteList, int partitions, int generation) {
        return new SensorIndex(siteList, partitions, generation, true);
    }

    /** The partition (shard) of a site when sites are partitioned: the same on every node. */
    public static int partitionOf(String site, int partitions) {
        return Math.floorMod(site.hashCode(), partitions);
    }

    private SensorIndex(List<Site> siteList, int shardCount, int generation, boolean bySite) {
        int most = bySite ? MAX_PARTITIONS : 64; // shard masks are longs; partitions are evaluated one by one
        if (shardCount < 1 || shardCount > most) throw new IllegalArgumentException("shards must be 1.." + most + ": " + shardCount);
        this.generation = generation;
        this.shardCount = shardCount;
        this.siteList = List.copyOf(siteList);
        List<Sensor> all = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Integer> shards = new ArrayList<>();
        for (Site site : siteList) {
            String[] tags = new String[site.sensors().size()];
            int[] ids = new int[tags.length];
            for (int i = 0; i < tags.length; i++) {
                Sensor s = site.sensors().get(i);
                tags[i] = s.tag();
                ids[i] = all.size();
                all.add(s);
                owners.add(site.id());
                String owner = s.device().isEmpty() ? "tag:" + s.tag() : s.device();
                shards.add(bySite ? partitionOf(site.id(), shardCount)
                        : Math.floorMod((site.id() + "/" + owner).hashCode(), shardCount));
            }
            sites.put(site.id(), new SiteEntry(site.id(), site.id().getBytes(StandardCharsets.UTF_8), new TagTable(tags, ids)));
        }
        this.sensors = all.toArray(new Sensor[0]);
        this.siteOf = owners.toArray(new String[0]);
        this.shardOf = shards.stream().mapToInt(Integer::intValue).toArray();
    }

    public int generation() { return generation; }

    /** The site configuration this index was built from. */
    public List<Site> sites() { return siteList; }

    public int shardCount() { return shardCount; }

    public int size() { return sensors.length; }

    public Sensor sensor(int id) { return sensors[id]; }

    public String siteOf(int id) { return siteOf[id]; }

    public int shardOf(int id) { return shardOf[id]; }

    /** The site, or null when no such site is configured. */
    public SiteEntry site(String id) { return sites.get(id); }

    public int find(String site, String tag) {
        SiteEntry e = sites.get(site);
        return e == null ? ReadingBatch.UNKNOWN_SENSOR : e.tags().find(tag);
    }
}
