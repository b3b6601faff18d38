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
 * and each sensor's state is only ever touched by one thread. A point that reads another one (a
 * derived point, a level switch checked against its transmitter) is owned by that one's shard, so
 * the two are evaluated by the same thread. Immutable: a config reload builds a new
 * index with a new generation.
 */
public final class SensorIndex {
    private final int generation;
    private final int shardCount;
    private final Sensor[] sensors;
    private final String[] siteOf;
    private final int[] shardOf;
    private final boolean[] derived;
    private final Map<String, SiteEntry> sites = new HashMap<>();
    private final List<Site> siteList;

    /** A site's id, as bytes for the log, and its tag table. */
    public record SiteEntry(String id, byte[] idBytes, TagTable tags) {}

    public SensorIndex(List<Site> siteList, int shardCount, int generation) {
        if (shardCount < 1 || shardCount > 64) throw new IllegalArgumentException("shards must be 1..64: " + shardCount);
        this.generation = generation;
        this.shardCount = shardCount;
        this.siteList = List.copyOf(siteList);
        List<Sensor> all = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Integer> shards = new ArrayList<>();
        for (Site site : siteList) {
            String[] tags = new String[site.sensors().size()];
            int[] ids = new int[tags.length];
            Map<String, String> ownerOf = new HashMap<>();
            for (Sensor s : site.sensors()) ownerOf.put(s.tag(), s.device().isEmpty() ? "tag:" + s.tag() : s.device());
            for (int i = 0; i < tags.length; i++) {
                Sensor s = site.sensors().get(i);
                tags[i] = s.tag();
                ids[i] = all.size();
                all.add(s);
                owners.add(site.id());
                String owner = ownerOf.get(s.tag());
                String reads = s.derived() ? s.conversion().from() : s.rules().check() != null ? s.rules().check().transmitter() : null;
                if (reads != null && ownerOf.containsKey(reads)) owner = ownerOf.get(reads);
                shards.add(Math.floorMod((site.id() + "/" + owner).hashCode(), shardCount));
            }
            sites.put(site.id(), new SiteEntry(site.id(), site.id().getBytes(StandardCharsets.UTF_8), new TagTable(tags, ids)));
        }
        this.sensors = all.toArray(new Sensor[0]);
        this.siteOf = owners.toArray(new String[0]);
        this.shardOf = shards.stream().mapToInt(Integer::intValue).toArray();
        this.derived = new boolean[sensors.length];
        for (int i = 0; i < sensors.length; i++) derived[i] = sensors[i].derived();
    }

    /** Whether sensor {@code id} is derived by the gateway from another point, and so never reported by a device. */
    public boolean derived(int id) { return derived[id]; }

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
