package io.hazardgate;

import io.hazardgate.alarm.Alarms;
import io.hazardgate.api.ControlRoom;
import io.hazardgate.config.ConfigException;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.ConfigWatcher;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.store.Store;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.uplink.Uplinks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies changed site files without a restart: when the gateway file or a site file changes, the whole
 * configuration is loaded and validated again; if it is valid, its sites become a new sensor-index
 * generation for the alarm engine, ingest and the store writer, in that order. An invalid change is
 * rejected, logged at ERROR with file, field and reason, and counted; the running rules stay. Only the
 * sites apply live (their platform codes included: the uplinks send changed basic data; every southbound
 * device's protocol, address, security, login and mapping): listener, store, alarm snapshot, uplink and
 * data directory settings need a restart; a changed {@code southbound} block of the gateway file is
 * logged and listed on {@code /ready} until then.
 */
final class LiveReload implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveReload.class);

    private final ControlRoom controlRoom;
    private final Path configFile;
    private final Alarms alarms;
    private final TelemetryIngest ingest;
    private final Southbound southbound;
    private final Store store;
    private final Uplinks uplinks;
    private final Counter applied;
    private final Counter rejected;
    private List<Site> sites;
    private final List<String> uplinkNames;
    private ConfigWatcher watcher;
    private final List<java.util.function.Consumer<List<Site>>> siteListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    LiveReload(GatewayConfig config, Alarms alarms, TelemetryIngest ingest, Southbound southbound, Store store, Uplinks uplinks,
               ControlRoom controlRoom, MeterRegistry meters) {
        this.southbound = southbound;
        this.configFile = config.file();
        this.sites = config.sites();
        this.uplinkNames = config.uplinks().stream().map(u -> u.name()).toList();
        this.alarms = alarms;
        this.ingest = ingest;
        this.store = store;
        this.uplinks = uplinks;
        this.controlRoom = controlRoom;
        this.applied = GatewayMetrics.configReloads(meters, "applied");
        this.rejected = GatewayMetrics.configReloads(meters, "rejected");
    }

    /** Also tells {@code l} of every applied generation's sites (alarm response: names, responsible persons). */
    void onSites(java.util.function.Consumer<List<Site>> l) { siteListeners.add(l); }

    /** Watches the gateway file and every site file it names. */
    void watch() throws IOException {
        watcher = new ConfigWatcher(watchedFiles(), this::reloadNow);
    }

    private List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        files.add(configFile);
        files.addAll(ConfigLoader.siteFiles(configFile));
        return files;
    }

    /** Loads the configuration again and applies its sites; returns false when it was rejected. */
    synchronized boolean reloadNow() {
        GatewayConfig next;
        try {
            next = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            rejected.increment();
            log.error("configuration change rejected, the running rules stay: {}", e.getMessage());
            return false;
        }
        if (!next.uplinks().stream().map(u -> u.name()).toList().equals(uplinkNames)) {
            log.warn("the uplinks changed in {}: they apply at the next start", configFile);
        }
        southbound.settings(next.southbound());
        if (next.sites().equals(sites)) return true;
        SensorIndex current = alarms.engine().index();
        SensorIndex index = new SensorIndex(next.sites(), current.shardCount(), current.generation() + 1);
        try {
            alarms.reload(index);
        } catch (IllegalStateException e) {
            rejected.increment();
            log.error("configuration change not applied, the running rules stay: {}", e.getMessage());
            return false;
        }
        ingest.setIndex(index);
        southbound.reload(index, next.sites());
        controlRoom.reload(index);
        store.updateCatalog(SensorCatalog.of(next.sites()));
        uplinks.reload(next.sites());
        sites = next.sites();
        for (java.util.function.Consumer<List<Site>> l : siteListeners) l.accept(sites);
        try {
            if (watcher != null) watcher.watch(watchedFiles()); // the list of site files may have changed
        } catch (IOException | ConfigException e) {
            log.warn("cannot watch every configuration file: {}", e.toString());
        }
        applied.increment();
        log.info("configuration reloaded: generation {}, {} sensors", index.generation(), index.size());
        return true;
    }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
    }
}
