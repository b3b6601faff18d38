package io.hazardgate.store;

import io.hazardgate.config.StoreSettings;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.RecordLog;
import io.hazardgate.store.log.DurableLog;
import io.hazardgate.store.log.LogCursor;
import io.hazardgate.store.log.LogOptions;
import io.hazardgate.store.log.StoreMetrics;
import io.hazardgate.store.questdb.EmbeddedQuestDb;
import io.hazardgate.store.questdb.QuestDbSql;
import io.hazardgate.store.questdb.QuestDbTables;
import io.hazardgate.store.questdb.StoreCredentials;
import io.hazardgate.store.writer.InfluxLineWriter;
import io.hazardgate.store.writer.LineWriter;
import io.hazardgate.store.writer.SensorCatalog;
import io.hazardgate.store.writer.Shipper;
import io.hazardgate.store.writer.ShipperOptions;
import io.hazardgate.store.writer.TableGuard;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage side of the gateway, wired from its settings: the durable log under
 * {@code <dataDir>/log}, the store writer shipping it, and, by default, the embedded QuestDB under
 * {@code <dataDir>/questdb}. Ingest appends to {@link #log()}; the alarm engine appends its events with
 * {@link #appendAlarm}.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    /** How long closing waits for the store to take the backlog; the rest is shipped after the next start. */
    static final Duration CLOSE_DRAIN_TIMEOUT = Duration.ofSeconds(10);

    /** How often the tables and the set-aside data are looked at when no write does it. */
    static final long MAINTENANCE_SECONDS = 10;

    private final DurableLog log;
    private final EmbeddedQuestDb questDb;
    private final Shipper shipper;
    private final String storeUrl;
    private final QuestDbTables tables;
    private final ScheduledExecutorService maintenance;

    private Store(DurableLog log, EmbeddedQuestDb questDb, Shipper shipper, String storeUrl, QuestDbTables tables) {
        this.log = log;
        this.questDb = questDb;
        this.shipper = shipper;
        this.storeUrl = storeUrl;
        this.tables = tables;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hazardgate-store-maintenance");
            t.setDaemon(true);
            return t;
        });
        maintenance.scheduleWithFixedDelay(() -> {
            if (tables != null) tables.check();
            shipper.rejected().rescan();
        }, MAINTENANCE_SECONDS, MAINTENANCE_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts the store for the configured sites. */
    public static Store start(StoreSettings settings, Path dataDir, List<Site> sites, MeterRegistry registry, Clock clock)
            throws IOException {
        return start(settings, dataDir, SensorCatalog.of(sites), registry, clock, List.of());
    }

    /**
     * Starts the store for the configured sites, with the cursors of the log's other consumers (platform
     * uplinks, the statistics): the log keeps every record until they too are done with it.
     */
    public static Store start(StoreSettings settings, Path dataDir, List<Site> sites, MeterRegistry registry, Clock clock,
                              List<LogCursor.Spec> consumers) throws IOException {
        return start(settings, dataDir, SensorCatalog.of(sites), registry, clock, consumers);
    }

    public static Store start(StoreSettings settings, Path dataDir, SensorCatalog catalog, MeterRegistry registry,
                              Clock clock) throws IOException {
        return start(settings, dataDir, catalog, registry, clock, List.of());
    }

    static Store start(StoreSettings settings, Path dataDir, SensorCatalog catalog, MeterRegistry registry,
                       Clock clock, List<LogCursor.Spec> consumers) throws IOException {
        return start(settings, dataDir, catalog, registry, clock, LogOptions.of(settings.log()),
                ShipperOptions.defaults(settings.inFlight()), consumers);
    }

    static Store start(StoreSettings settings, Path dataDir, SensorCatalog catalog, MeterRegistry registry, Clock clock,
                       LogOptions logOptions, ShipperOptions shipperOptions) throws IOException {
        return start(settings, dataDir, catalog, registry, clock, logOptions, shipperOptions, List.of());
    }

    static Store start(StoreSettings settings, Path dataDir, SensorCatalog catalog, MeterRegistry registry, Clock clock,
                       LogOptions logOptions, ShipperOptions shipperOptions, List<LogCursor.Spec> consumers)
            throws IOException {
        StoreMetrics metrics = new StoreMetrics(registry);
        dataDir = dataDir.toAbsolutePath();
        List<LogCursor.Spec> cursors = new java.util.ArrayList<>();
        cursors.add(Shipper.CURSOR);
        cursors.addAll(consumers);
        DurableLog log = DurableLog.open(dataDir.resolve("log"), logOptions, clock, metrics, cursors);
        EmbeddedQuestDb questDb = null;
        try {
            String url;
            LineWriter writer;
            QuestDbTables tables = null;
            if (settings.isEmbedded()) {
                StoreCredentials credentials = settings.embeddedLogin()
                        ? StoreCredentials.loadOrCreate(dataDir.resolve(StoreCredentials.FILE_NAME)) : null;
                questDb = EmbeddedQuestDb.start(dataDir.resolve("questdb"), settings.embedded(), credentials, settings.embeddedPgPort());
                tables = new QuestDbTables(questDb.sql(), settings.retention(), clock, metrics.schemaChanges);
                tables.apply();
                url = questDb.url();
                writer = new InfluxLineWriter(url, "", "hazardgate", "hazardgate", shipperOptions.inFlight(),
                        credentials == null ? null : credentials.basicAuthorization());
            } else {
                url = settings.url();
                writer = new InfluxLineWriter(url, settings.token(), settings.org(), settings.bucket(),
                        shipperOptions.inFlight());
            }
            Shipper shipper = new Shipper(log, writer, catalog, shipperOptions, metrics, clock,
                    tables == null ? TableGuard.NONE : tables);
            shipper.start();
            LOG.info("Store ready: readings and alarm events go through the local log to {}", url);
            return new Store(log, questDb, shipper, url, tables);
        } catch (IOException | RuntimeException | Error e) {
            log.close();
            if (questDb != null) questDb.close();
            throw e;
        }
    }

    /** The durable log ingest appends accepted readings to. */
    public RecordLog log() { return log; }

    /** The durable log itself, for its other consumers to read from their cursors. */
    public DurableLog durableLog() { return log; }

    /**
     * Appends an alarm event to the durable log, to be stored as an {@code alarm_event} row. Never blocks;
     * exactly one callback runs (see {@link RecordLog#append(Bytes, Runnable, Consumer)}).
     */
    public void appendAlarm(AlarmEvent event, Runnable onDurable, Consumer<Exception> onFailed) {
        byte[] json = AlarmEventJson.encode(event);
        Bytes record = BufferBytes.allocate(1 + json.length);
        record.writeByte(RecordLog.ALARM_EVENT_KIND).writeBytes(json);
        log.append(record, onDurable, onFailed);
    }

    /**
     * Appends a notification's delivery record (JSON, docs/response.md), to be stored as an
     * {@code alarm_delivery} row with the alarm's events. Never blocks; a failure is logged.
     */
    public void appendDelivery(byte[] json) {
        Bytes record = BufferBytes.allocate(1 + json.length);
        record.writeByte(RecordLog.DELIVERY_KIND).writeBytes(json);
        log.append(record, () -> {}, e -> LOG.error("Delivery record not stored: {}", e.toString()));
    }

    /** Appends an alarm event; a failure is logged and counted by the log. */
    public void appendAlarm(AlarmEvent event) {
        appendAlarm(event, () -> {}, e -> LOG.error("Alarm event {} seq {} not stored: {}", event.id(), event.seq(),
                e.toString()));
    }

    /** The embedded QuestDB's bound HTTP port, or -1 when the store is external. */
    public int embeddedHttpPort() { return questDb == null ? -1 : questDb.httpPort(); }

    /** The embedded QuestDB's bound PostgreSQL wire port, or -1 when there is none. */
    public int embeddedPgPort() { return questDb == null ? -1 : questDb.pgPort(); }

    /** What the embedded QuestDB's HTTP port wants with every request, when there is one that wants any. */
    public Optional<StoreCredentials> embeddedCredentials() {
        return Optional.ofNullable(questDb).map(EmbeddedQuestDb::credentials);
    }

    /** SQL on the embedded QuestDB, when there is one. */
    public Optional<QuestDbSql> sql() { return Optional.ofNullable(questDb).map(EmbeddedQuestDb::sql); }

    /** Where records are shipped to. */
    public String storeUrl() { return storeUrl; }

    /** Durable records the time-series store does not have yet. */
    public long lagRecords() { return shipper.lagRecords(); }

    /** Readings in the durable records the time-series store does not have yet. */
    public long lagReadings() { return shipper.lagReadings(); }

    /** Age in seconds of the oldest record the time-series store does not have yet. */
    public double lagSeconds() { return shipper.lagSeconds(); }

    /** Whether the time-series store takes writes now (false while the writer is retrying after a failure). */
    public boolean storeReachable() { return shipper.storeReachable(); }

    /** Lines the store refused for good since start, each set aside alone (the rest of its batch was written). */
    public long rejectedLines() { return shipper.rejected().lines(); }

    /** Files of refused data waiting in {@code log/rejected/} for an operator; 0 once they are dealt with. */
    public long rejectedFilesWaiting() { return shipper.rejected().filesWaiting(); }

    /** Where refused data is kept. */
    public Path rejectedDirectory() { return shipper.rejected().directory(); }

    /**
     * What is wrong with the store's tables that the gateway could not repair (empty when they are as it
     * made them; always empty for an external store, whose tables it does not see).
     */
    public List<String> schemaProblems() { return tables == null ? List.of() : tables.unrepaired(); }

    /** The last change to the store's tables found under the gateway and what was done; empty when none since start. */
    public Optional<String> schemaLastChange() { return tables == null ? Optional.empty() : Optional.ofNullable(tables.lastChange()); }

    /** Uses a reloaded configuration's sensors for records shipped from now on. */
    public void updateCatalog(SensorCatalog catalog) { shipper.catalog(catalog); }

    /**
     * Stops taking records, writes what was queued to disk, ships what it can within
     * {@link #CLOSE_DRAIN_TIMEOUT} and stops the embedded store. Nothing durable is lost: what was not
     * shipped is shipped after the next start.
     */
    @Override
    public void close() {
        maintenance.shutdownNow();
        log.close();
        shipper.close(CLOSE_DRAIN_TIMEOUT);
        if (questDb != null) questDb.close();
    }
}
