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
 * @param dataDir where every file the gateway keeps lives (store files, logs, state)
 * @param clock   how the gateway watches its own clock
 * @param hj212   the HJ 212 listener for data loggers that speak HJ 212-2017 (off unless configured)
 */
public record GatewayConfig(
        Path file,
        MqttSettings mqtt,
        Listener http,
        StoreSettings store,
        AlarmSettings alarms,
        Path dataDir,
        List<Site> sites,
        ClockSettings clock,
        Hj212Settings hj212) {

    /** A configuration without the HJ 212 listener. */
    public GatewayConfig(Path file, MqttSettings mqtt, Listener http, StoreSettings store, AlarmSettings alarms, Path dataDir,
                         List<Site> sites, ClockSettings clock) {
        this(file, mqtt, http, store, alarms, dataDir, sites, clock, Hj212Settings.OFF);
    }

    /** A configuration with the default clock watch. */
    public GatewayConfig(Path file, MqttSettings mqtt, Listener http, StoreSettings store, AlarmSettings alarms, Path dataDir,
                         List<Site> sites) {
        this(file, mqtt, http, store, alarms, dataDir, sites, ClockSettings.DEFAULTS);
    }

    public Site site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public GatewayConfig withMqttPort(int port) {
        return new GatewayConfig(file, mqtt.withPort(port), http, store, alarms, dataDir, sites, clock, hj212);
    }

    public GatewayConfig withHttpPort(int port) {
        return new GatewayConfig(file, mqtt, http.withPort(port), store, alarms, dataDir, sites, clock, hj212);
    }

    public GatewayConfig withStorePort(int port) {
        return new GatewayConfig(file, mqtt, http, store.withEmbeddedPort(port), alarms, dataDir, sites, clock, hj212);
    }

    public GatewayConfig withAlarms(AlarmSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, settings, dataDir, sites, clock, hj212);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dir, sites, clock, hj212);
    }

    public GatewayConfig withHj212(Hj212Settings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites, clock, settings);
    }

    /** The HJ 212 listener on {@code port} (0: any free port), when it is enabled. */
    public GatewayConfig withHj212Port(int port) {
        return withHj212(hj212.withPort(port));
    }

    public GatewayConfig withClock(ClockSettings settings) {
        return new GatewayConfig(file, mqtt, http, store, alarms, dataDir, sites, settings, hj212);
    }
}
