package io.hazardgate.plant;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.ReadingBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** Shards are named by the bits of a {@code long} mask (see {@link TelemetryDecoder#shardMask()}). */
    public static final int MAX_SHARDS = 64;
    /** Most partitions a site-partitioned index takes (partitions are evaluated one by one, not through a mask). */
    public static final int MAX_PARTITIONS = 1024;
    private final int generation;
    private final int shardCount;
    private final Sensor[] sensors;
    private final String[] siteOf;
    private final int[] shardOf;
    /** Per sensor id: the UTF-8 ids of the data loggers that may report it; null when any may. */
    private final byte[][][] reporters;
    private final boolean[] derived;
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
        int most = bySite ? MAX_PARTITIONS : MAX_SHARDS;
        if (shardCount < 1 || shardCount > most) {
            throw new IllegalArgumentException("shards must be 1.." + most + ": " + shardCount);
        }
        this.generation = generation;
        this.shardCount = shardCount;
        this.siteList = List.copyOf(siteList);
        List<Sensor> all = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        List<Integer> shards = new ArrayList<>();
        List<byte[][]> reportedBy = new ArrayList<>();
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
                shards.add(bySite ? partitionOf(site.id(), shardCount)
                        : Math.floorMod((site.id() + "/" + owner).hashCode(), shardCount));
                reportedBy.add(reporters(s));
            }
            sites.put(site.id(), new SiteEntry(site.id(), site.id().getBytes(StandardCharsets.UTF_8), new TagTable(tags, ids)));
        }
        this.sensors = all.toArray(new Sensor[0]);
        this.siteOf = owners.toArray(new String[0]);
        this.shardOf = shards.stream().mapToInt(Integer::intValue).toArray();
        this.reporters = reportedBy.toArray(new byte[0][][]);
        this.derived = new boolean[sensors.length];
        for (int i = 0; i < sensors.length; i++) derived[i] = sensors[i].derived();
    }

    private static byte[][] reporters(Sensor s) {
        if (s.device().isEmpty()) return null;
        byte[][] out = new byte[1 + s.alsoFrom().size()][];
        out[0] = s.device().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < s.alsoFrom().size(); i++) out[i + 1] = s.alsoFrom().get(i).getBytes(StandardCharsets.UTF_8);
        return out;
    }

    /**
     * Whether the data logger whose id is {@code device} (UTF-8) may report sensor {@code id}: the
     * sensor's own logger and those the site file adds with {@code alsoFrom}; any, when the sensor names
     * no logger. Allocates nothing: called for every reading.
     */
    public boolean reportedBy(int id, byte[] device) {
        byte[][] allowed = reporters[id];
        if (allowed == null) return true;
        for (byte[] d : allowed) {
            if (Arrays.equals(d, device)) return true;
        }
        return false;
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
