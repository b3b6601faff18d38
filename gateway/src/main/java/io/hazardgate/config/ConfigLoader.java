package io.hazardgate.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.UplinkSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code gateway.yaml} and the site files it names, validating everything once. Any problem
 * throws {@link ConfigException} naming the file, the field and the reason; nothing is clamped or
 * replaced by a default behind the operator's back.
 */
public final class ConfigLoader {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_STORE_PORT = 9000;
    public static final String DEFAULT_DATA_DIR = "data";

    /** Largest configuration file: the YAML parser's 3 MB default would cap a site at about 15,000 sensors. */
    static final int MAX_FILE_CODE_POINTS = 64 << 20;
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private ConfigLoader() {}

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
        o.setCodePointLimit(MAX_FILE_CODE_POINTS);
        return o;
    }

    public static GatewayConfig load(Path file) {
        ConfigNode root = read(file);
        root.requireObject();
        root.rejectUnknown(Set.of("mqtt", "http", "store", "alarms", "clock", "ingest", "dataDir", "sites", "southbound", "uplinks",
                "response", "cluster"));
        MqttSettings mqtt = MqttSettingsLoader.load(root.get("mqtt"), file.toAbsolutePath().getParent());
        HttpSettings http = http(root.get("http"));
        StoreSettings store = store(root.get("store"));
        AlarmSettings alarms = alarms(root.get("alarms"));
        ClockSettings clock = clock(root.get("clock"));
        IngestSettings ingest = ingest(root.get("ingest"));
        Path dataDir = Path.of(root.get("dataDir").string(DEFAULT_DATA_DIR));

        List<Site> sites = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Path> siteFiles = new HashMap<>();
        for (ConfigNode s : root.get("sites").elements()) {
            Path siteFile = resolveSibling(file, s.string());
            Site site;
            try {
                site = SiteLoader.load(read(siteFile));
            } catch (ConfigException e) {
                // the site file's error, and where it was listed: with several gateways sharing site files, which one
                throw e.listedIn(file + ", " + s.path());
            }
            if (!ids.add(site.id())) throw s.error("site '" + site.id() + "' is configured twice");
            siteFiles.put(site.id(), siteFile);
            sites.add(site);
            for (Sensor sensor : site.sensors()) {
                // a documented deviation from the standard stays visible wherever the config is loaded
                if (sensor.override() != null) {
                    log.warn("{}: sensor {} of site {} has set-points above GB/T 50493-2019 §5.5.2 under a documented override"
                            + " (reason: {}; approved by {})", siteFile, sensor.tag(), site.id(), sensor.override().reason(),
                            sensor.override().approvedBy());
                }
            }
        }
        MqttSettingsLoader.checkSites(root.get("mqtt"), mqtt, ids);
        ReachableListeners.check(root, mqtt, http);
        checkHj212Accounts(root.get("sites"), sites);
        List<UplinkSettings> uplinks = UplinkLoader.load(root.get("uplinks"), file, ids);
        for (UplinkSettings u : uplinks) {
            for (Site site : sites) {
                if (u.reports(site.id())) UplinkCodes.check(u, site, siteFiles.get(site.id()));
            }
        }
        ResponseSettings response = null;
        if (root.has("response")) {
            Path responseFile = resolveSibling(file, root.get("response").string());
            response = ResponseLoader.load(read(responseFile), sites, System::getenv, responseFile.toAbsolutePath().getParent());
        }
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, List.copyOf(sites), clock, ingest,
                southbound(root.get("southbound")), uplinks, response, cluster(root.get("cluster")));
    }

    /** One MN, one logger: the HJ 212 listener finds a logger's site and device by it. */
    private static void checkHj212Accounts(ConfigNode sitesNode, List<Site> sites) {
        java.util.Map<String, String> owners = new java.util.HashMap<>();
        for (Site site : sites) {
            for (io.hazardgate.config.site.Device d : site.devices()) {
                if (d.hj212() == null) continue;
                String owner = owners.putIfAbsent(d.hj212().mn(), site.id() + "/" + d.id());
                if (owner != null) {
                    throw sitesNode.error("HJ 212 MN '" + d.hj212().mn() + "' is used by both " + owner + " and "
                            + site.id() + "/" + d.id());
                }
            }
        }
    }

    private static SouthboundSettings southbound(ConfigNode n) {
        n.optionalObject();
        n.rejectUnknown(Set.of("hj212", "sparkplug"));
        List<SouthboundSettings.SparkplugBroker> brokers = new ArrayList<>();
        ConfigNode sp = n.get("sparkplug");
        sp.optionalObject();
        sp.rejectUnknown(Set.of("brokers"));
        for (ConfigNode b : sp.get("brokers").elements()) {
            b.requireObject();
            b.rejectUnknown(Set.of("url", "clientId", "username", "password", "hostId"));
            String url = b.get("url").string();
            if (!url.startsWith("tcp://") && !url.startsWith("ssl://")) throw b.get("url").error("must start with tcp:// or ssl://, got '" + url + "'");
            String hostId = b.get("hostId").string("");
            if (hostId.contains("/") || hostId.contains("+") || hostId.contains("#")) throw b.get("hostId").error("must not contain '/', '+' or '#'");
            brokers.add(new SouthboundSettings.SparkplugBroker(url, b.get("clientId").identifier("hazardgate-sparkplug-host"),
                    b.get("username").string(""), b.get("password").string(""), hostId));
        }
        return new SouthboundSettings(hj212(n.get("hj212")), List.copyOf(brokers));
    }

    private static Hj212Settings hj212(ConfigNode h) {
        if (h.isMissing()) return Hj212Settings.OFF;
        h.requireObject();
        h.rejectUnknown(Set.of("enabled", "host", "port", "maxDataLength", "idleTimeout", "maxConnections", "frameTimeout"));
        Duration idle = h.get("idleTimeout").duration(Hj212Settings.DEFAULT_IDLE_TIMEOUT);
        if (idle.compareTo(Duration.ofSeconds(10)) < 0) throw h.get("idleTimeout").error("must be at least 10s");
        return new Hj212Settings(h.get("enabled").bool(true),
                new Listener(h.get("host").string(DEFAULT_HOST), h.get("port").integer(Hj212Settings.DEFAULT_PORT, 0, 65535)),
                h.get("maxDataLength").integer(Hj212Settings.STANDARD_MAX_DATA_LENGTH, 64, 9999), idle,
                h.get("maxConnections").integer(Hj212Settings.DEFAULT_MAX_CONNECTIONS, 1, 100_000),
                between(h.get("frameTimeout"), Hj212Settings.DEFAULT_FRAME_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10),
                        "100ms and 10m"));
    }

    /** Reads a single site file; the simulator uses this to play the same plant the gateway watches. */
    public static Site loadSite(Path file) {
        return SiteLoader.load(read(file));
    }

    /** Reads a site from YAML text; {@code name} stands for the file in error messages. */
    public static Site parseSite(String name, String yaml) {
        try {
            return SiteLoader.load(ConfigNode.root(name, YAML.readTree(yaml)));
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, "", "not valid YAML: " + e.getOriginalMessage());
        }
    }

    /** Reads a response file against the given sites, taking secrets from {@code env}; for tools and tests. */
    public static ResponseSettings loadResponse(Path file, List<Site> sites, java.util.function.Function<String, String> env) {
        return ResponseLoader.load(read(file), sites, env, file.toAbsolutePath().getParent());
    }

    /** Site files of a gateway config, resolved, without validating them. */
    public static List<Path> siteFiles(Path gatewayFile) {
        List<Path> out = new ArrayList<>();
        for (ConfigNode s : read(gatewayFile).get("sites").elements()) out.add(resolveSibling(gatewayFile, s.string()));
        return out;
    }

    private static Path resolveSibling(Path file, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return p;
        Path dir = file.toAbsolutePath().getParent();
        return dir == null ? p : dir.resolve(p).normalize();
    }

    static ObjectMapper yaml() { return YAML; }

    static ConfigNode read(Path file) {
        String name = file.toString();
        try {
            JsonNode node = YAML.readTree(Files.readAllBytes(file));
            return ConfigNode.root(name, node);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, "", "file not found");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigException(name, "", "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot be read: " + e.getMessage());
        }
    }

    static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static HttpSettings http(ConfigNode n) {
        if (n.isMissing()) return HttpSettings.of(DEFAULT_HOST, DEFAULT_HTTP_PORT);
        n.requireObject();
        n.rejectUnknown(Set.of("host", "port", "headerTimeout", "idleTimeout", "allowedHosts"));
        Duration header = n.get("headerTimeout").duration(HttpSettings.DEFAULT_HEADER_TIMEOUT);
        if (header.isZero()) throw n.get("headerTimeout").error("must be longer than 0");
        Duration idle = n.get("idleTimeout").duration(HttpSettings.DEFAULT_IDLE_TIMEOUT);
        if (idle.isZero()) throw n.get("idleTimeout").error("must be longer than 0");
        List<String> hosts = new ArrayList<>();
        for (ConfigNode h : n.get("allowedHosts").elements()) {
            String name = h.string();
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                throw h.error("must be a host name such as hazardgate.plant.local (no port, no scheme), got '" + name + "'");
            }
            hosts.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        return new HttpSettings(n.get("host").string(DEFAULT_HOST), n.get("port").integer(DEFAULT_HTTP_PORT, 0, 65535),
                header, idle, hosts);
    }


    private static StoreSettings store(ConfigNode n) {
        if (n.isMissing()) {
            return new StoreSettings(StoreSettings.QUESTDB_EMBEDDED, new Listener(DEFAULT_HOST, DEFAULT_STORE_PORT),
                    "", "", "", "", StoreSettings.DEFAULT_RETENTION);
        }
        n.requireObject();
        n.rejectUnknown(Set.of("kind", "embedded", "url", "token", "org", "bucket", "retention", "log", "inFlight"));
        String kind = n.get("kind").string(StoreSettings.QUESTDB_EMBEDDED);
        if (!kind.equals(StoreSettings.QUESTDB_EMBEDDED) && !kind.equals(StoreSettings.INFLUXDB)) {
            throw n.get("kind").error("must be " + StoreSettings.QUESTDB_EMBEDDED + " or " + StoreSettings.INFLUXDB
                    + ", got '" + kind + "'");
        }
        ConfigNode embeddedNode = n.get("embedded");
        String auth = StoreSettings.AUTH_GENERATED;
        int pgPort = StoreSettings.PG_OFF;
        Listener embedded;
        if (embeddedNode.isMissing()) {
            embedded = new Listener(DEFAULT_HOST, DEFAULT_STORE_PORT);
        } else {
            embeddedNode.requireObject();
            embeddedNode.rejectUnknown(Set.of("host", "port", "auth", "pgPort"));
            embedded = new Listener(embeddedNode.get("host").string(DEFAULT_HOST),
                    embeddedNode.get("port").integer(DEFAULT_STORE_PORT, 0, 65535));
            auth = embeddedNode.get("auth").string(StoreSettings.AUTH_GENERATED);
            if (!auth.equals(StoreSettings.AUTH_GENERATED) && !auth.equals(StoreSettings.AUTH_NONE)) {
                throw embeddedNode.get("auth").error("must be generated or none, got '" + auth + "'");
            }
            if (auth.equals(StoreSettings.AUTH_NONE) && !isLoopback(embedded.host())) {
                throw embeddedNode.get("auth").error("none is for loopback only: on " + embedded.host()
                        + " anyone who can reach the port could change records; keep auth: generated");
            }
            if (embeddedNode.has("pgPort")) {
                pgPort = embeddedNode.get("pgPort").integer(StoreSettings.PG_OFF, 0, 65535);
                // QuestDB's PostgreSQL wire always asks for a password: without the generated one it would be its well-known default
                if (auth.equals(StoreSettings.AUTH_NONE)) {
                    throw embeddedNode.get("pgPort").error("needs auth: generated (the PostgreSQL wire logs in with the generated login)");
                }
            }
        }
        String url = n.get("url").string("");
        if (kind.equals(StoreSettings.INFLUXDB) && url.isEmpty()) throw n.get("url").error("is required when kind is influxdb");
        if (!url.isEmpty() && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw n.get("url").error("must start with http:// or https://, got '" + url + "'");
        }
        if (url.contains("?") || url.contains("#")) {
            throw n.get("url").error("must not carry a query or fragment (give org, bucket and token as keys of their own), got '" + url + "'");
        }
        Duration retention = n.get("retention").duration(StoreSettings.DEFAULT_RETENTION);
        if (retention.compareTo(StoreSettings.DEFAULT_RETENTION) < 0) {
            throw n.get("retention").error("must be at least 30d: electronic records are kept 30 days or more");
        }
        return new StoreSettings(kind, embedded, url, n.get("token").string(""), n.get("org").string(""),
                n.get("bucket").string("hazardgate"), retention, log(n.get("log")),
                n.get("inFlight").integer(StoreSettings.DEFAULT_IN_FLIGHT, 1, 64), auth, pgPort);
    }

    private static ClusterSettings cluster(ConfigNode n) {
        if (n.isMissing()) return ClusterSettings.NONE;
        n.requireObject();
        n.rejectUnknown(Set.of("kafka", "partitions", "replication", "topicPrefix", "transactionTimeout", "deliveryTimeout"));
        List<String> servers = List.of();
        if (n.has("kafka")) {
            try {
                servers = ClusterSettings.parseServers(n.get("kafka").string());
            } catch (IllegalArgumentException e) {
                throw n.get("kafka").error(e.getMessage());
            }
        }
        int partitions = n.get("partitions").integer(ClusterSettings.DEFAULT_PARTITIONS, 1, ClusterSettings.MAX_PARTITIONS);
        int replication = n.get("replication").integer(ClusterSettings.DEFAULT_REPLICATION, 1, 7);
        String prefix = n.get("topicPrefix").identifier(ClusterSettings.DEFAULT_TOPIC_PREFIX);
        Duration txn = n.get("transactionTimeout").duration(ClusterSettings.DEFAULT_TRANSACTION_TIMEOUT);
        if (txn.compareTo(Duration.ofSeconds(1)) < 0 || txn.compareTo(Duration.ofMinutes(15)) > 0) {
            throw n.get("transactionTimeout").error("must be between 1s and 15m, got '" + n.get("transactionTimeout").string() + "'");
        }
        Duration delivery = n.get("deliveryTimeout").duration(ClusterSettings.DEFAULT_DELIVERY_TIMEOUT);
        if (delivery.compareTo(Duration.ofSeconds(1)) < 0) throw n.get("deliveryTimeout").error("must be at least 1s");
        return new ClusterSettings(servers, partitions, replication, prefix, txn, delivery);
    }

    private static AlarmSettings alarms(ConfigNode n) {
        if (n.isMissing()) return AlarmSettings.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("snapshotInterval", "realtimePriority"));
        ConfigNode interval = n.get("snapshotInterval");
        Duration d = interval.duration(AlarmSettings.DEFAULT_SNAPSHOT_INTERVAL);
        if (d.compareTo(AlarmSettings.MIN_SNAPSHOT_INTERVAL) < 0 || d.compareTo(AlarmSettings.MAX_SNAPSHOT_INTERVAL) > 0) {
            throw interval.error("must be between 1s and 1h, got '" + interval.string() + "'");
        }
        return new AlarmSettings(d, n.get("realtimePriority").integer(AlarmSettings.DEFAULT_REALTIME_PRIORITY, 0,
                AlarmSettings.MAX_REALTIME_PRIORITY));
    }

    private static ClockSettings clock(ConfigNode n) {
        if (n.isMissing()) return ClockSettings.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("ntpCheck", "maxJump", "jumpHold"));
        return new ClockSettings(n.get("ntpCheck").bool(true),
                between(n.get("maxJump"), ClockSettings.DEFAULT_MAX_JUMP, ClockSettings.MIN_MAX_JUMP, ClockSettings.MAX_MAX_JUMP,
                        "100ms and 1h"),
                between(n.get("jumpHold"), ClockSettings.DEFAULT_JUMP_HOLD, ClockSettings.MIN_JUMP_HOLD,
                        ClockSettings.MAX_JUMP_HOLD, "1m and 24h"));
    }

    private static Duration between(ConfigNode n, Duration dflt, Duration min, Duration max, String range) {
        Duration d = n.duration(dflt);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) throw n.error("must be between " + range + ", got '" + n.string() + "'");
        return d;
    }

    private static IngestSettings ingest(ConfigNode n) {
        if (n.isMissing()) return IngestSettings.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("maxClockSkew"));
        return new IngestSettings(between(n.get("maxClockSkew"), IngestSettings.DEFAULT_MAX_CLOCK_SKEW,
                IngestSettings.MIN_MAX_CLOCK_SKEW, IngestSettings.MAX_MAX_CLOCK_SKEW, "1s and 24h"));
    }

    private static LogSettings log(ConfigNode n) {
        if (n.isMissing()) return LogSettings.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("fsync", "fsyncInterval", "maxSize", "maxAge"));
        String fsyncName = n.get("fsync").string(FsyncPolicy.EVERY_BATCH.wireName());
        FsyncPolicy fsync = FsyncPolicy.fromWireName(fsyncName);
        if (fsync == null) throw n.get("fsync").error("must be every-batch, interval or os, got '" + fsyncName + "'");
        Duration interval = n.get("fsyncInterval").duration(LogSettings.DEFAULT_FSYNC_INTERVAL);
        if (interval.isZero()) throw n.get("fsyncInterval").error("must be longer than 0");
        long maxBytes = n.get("maxSize").size(LogSettings.DEFAULT_MAX_BYTES);
        if (maxBytes < LogSettings.MIN_MAX_BYTES) {
            throw n.get("maxSize").error("must be at least 64MB so the log holds more than a segment or two");
        }
        return new LogSettings(fsync, interval, maxBytes, n.get("maxAge").duration(LogSettings.DEFAULT_MAX_AGE));
    }
}
