package io.hazardgate.config;

import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.site.Site;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole, validated configuration of one gateway process. Immutable; a reload builds a new one.
 *
 * @param file    the file it was read from, for messages
 * @param alarms  the alarm engine's state on disk
 * @param ingest  what is accepted from data loggers
 * @param dataDir where every file the gateway keeps lives (store files, logs, state)
 */
public record GatewayConfig(
        Path file,
        MqttSettings mqtt,
        Listener http,
        StoreSettings store,
        AlarmSettings alarms,
        IngestSettings ingest,
        Path dataDir,
        List<Site> sites) {

    public Site site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public GatewayConfig withMqttPort(int port) {
        return new GatewayConfig(file, mqtt.withPort(port), http, store, alarms, ingest, dataDir, sites);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(file, mqtt, http.withPort(port), store, alarms, ingest, dataDir, sites);
    }

    public GatewayConfig withStorePort(int port) {
        return new GatewayConfig(file, mqtt, http, store.withEmbeddedPort(port), alarms, ingest, dataDir, sites);
    }

    public GatewayConfig withAlarms(AlarmSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, settings, ingest, dataDir, sites);
    }

    public GatewayConfig withIngest(IngestSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, settings, dataDir, sites);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(file, mqtt, http, store, alarms, ingest, dir, sites);
    }
}
