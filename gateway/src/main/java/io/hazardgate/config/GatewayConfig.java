package io.hazardgate.config;

import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.response.ResponseSettings;
import io.hazardgate.config.site.Site;
import io.hazardgate.config.uplink.UplinkSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole, validated configuration of one gateway process. Immutable; a reload builds a new one.
 *
 * @param file    the file it was read from, for messages
 * @param alarms  the alarm engine's state on disk
 * @param dataDir where every file the gateway keeps lives (store files, logs, state)
 * @param clock   how the gateway watches its own clock
 * @param ingest  what is accepted from data loggers
 * @param southbound the HJ 212 listener (off unless configured) and external Sparkplug B brokers
 * @param uplinks the supervision platforms the gateway reports to
 * @param response who is told of alarms and how; null when nobody is (no {@code response:} file)
 * @param cluster the Kafka cluster a node with a role joins ({@link ClusterSettings#NONE} for the single process)
 */
public record GatewayConfig(
        Path file,
        MqttSettings mqtt,
        HttpSettings http,
        StoreSettings store,
        AlarmSettings alarms,
        Path dataDir,
        List<Site> sites,
        ClockSettings clock,
        IngestSettings ingest,
        SouthboundSettings southbound,
        List<UplinkSettings> uplinks,
        ResponseSettings response,
        ClusterSettings cluster) {

    /**
     * A single-process configuration with the default clock watch and ingest settings, no southbound listeners or
     * brokers, no platform uplinks, no alarm response and no {@code cluster} block.
     */
    public GatewayConfig(Path file, MqttSettings mqtt, HttpSettings http, StoreSettings store, AlarmSettings alarms, Path dataDir,
                         List<Site> sites) {
        this(file, mqtt, http, store, alarms, dataDir, sites, ClockSettings.DEFAULTS, IngestSettings.DEFAULTS,
                SouthboundSettings.DEFAULTS, List.of(), null, ClusterSettings.NONE);
    }

    public Site site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public GatewayConfig withMqttPort(int port) {
        return new GatewayConfig(file, mqtt.withPort(port), http, store, alarms, dataDir, sites,
                clock, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(file, mqtt, http.withPort(port), store, alarms, dataDir, sites,
                clock, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withStorePort(int port) {
        return new GatewayConfig(file, mqtt, http, store.withEmbeddedPort(port), alarms, dataDir, sites,
                clock, ingest, southbound, uplinks, response, cluster);
    }

    /** With the embedded store's read-only PostgreSQL wire on {@code port} (0: any free port). */
    public GatewayConfig withStorePgPort(int port) {
        return new GatewayConfig(file, mqtt, http, store.withEmbeddedPgPort(port), alarms, dataDir, sites,
                clock, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withAlarms(AlarmSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, settings, dataDir, sites,
                clock, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dir, sites, clock, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withClock(ClockSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites,
                settings, ingest, southbound, uplinks, response, cluster);
    }

    public GatewayConfig withIngest(IngestSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites,
                clock, settings, southbound, uplinks, response, cluster);
    }

    /** The HJ 212 listener's settings. */
    public Hj212Settings hj212() { return southbound.hj212(); }

    public GatewayConfig withSouthbound(SouthboundSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites, clock, ingest, settings, uplinks, response, cluster);
    }

    /** The HJ 212 listener on {@code port} (0: any free port), when it is enabled. */
    public GatewayConfig withHj212Port(int port) {
        return withSouthbound(southbound.withHj212(southbound.hj212().withPort(port)));
    }

    public GatewayConfig withUplinks(List<UplinkSettings> next) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites,
                clock, ingest, southbound, List.copyOf(next), response, cluster);
    }

    public GatewayConfig withResponse(ResponseSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites, clock, ingest, southbound, uplinks, settings, cluster);
    }

    public GatewayConfig withCluster(ClusterSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites, clock, ingest, southbound, uplinks, response, settings);
    }
}
