package io.hazardgate;

import io.hazardgate.alarm.Alarms;
import io.hazardgate.api.ControlRoom;
import io.hazardgate.api.Readiness;
import io.hazardgate.api.http.HttpApiServer;
import io.hazardgate.clock.ClockWatch;
import io.hazardgate.clock.WakeupMonitor;
import io.hazardgate.clock.SyncProbe;
import io.hazardgate.clock.SystemSyncProbe;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.mqtt.MqttUserSettings;
import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.config.site.Site;
import io.hazardgate.datadir.DataDirectory;
import io.hazardgate.datadir.DataFormat;
import io.hazardgate.datadir.RunFile;
import io.hazardgate.ingest.DeviceFaults;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.mqtt.persist.SessionStore;
import io.hazardgate.mqtt.server.BoundListener;
import io.hazardgate.mqtt.server.ListenerBindException;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.LogState;
import io.hazardgate.response.AlarmResponse;
import io.hazardgate.store.Store;
import io.hazardgate.uplink.UplinkStatus;
import io.hazardgate.uplink.Uplinks;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway process, wired: store first (the log must be open before anything is accepted), then the
 * alarm engine and its delivery, then the MQTT listener, then HTTP. Closing runs the other way, so
 * nothing accepted is left behind.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final PrometheusMeterRegistry meters;
    private Store store;
    private Uplinks uplinks;
    private Alarms alarms;
    private LiveReload reload;
    private MqttServer mqtt;
    private Southbound southbound;
    private SessionStore sessionStore;
    private UserDirectory users;
    private List<BoundListener> mqttListeners = List.of();
    private HttpApiServer http;
    private ControlRoom controlRoom;
    private AlarmResponse response;
    private OperatorLogin operatorLogin;
    private JvmGcMetrics gcMetrics;
    private ClockWatch clockWatch;
    private WakeupMonitor wakeups;
    private Path dataDir;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Starts a gateway; on failure everything already started is stopped again. On the system clock it
     * watches that clock (NTP state from the OS, jumps against the monotonic clock); any other clock is
     * the caller's own time, which is not watched.
     */
    public static Gateway start(GatewayConfig config, Clock clock) throws Exception {
        return start(config, clock, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As {@link #start(GatewayConfig, Clock)}, sizing the alarm engine for a machine with
     * {@code processors} cores (one shard per two, at most {@link SensorIndex#MAX_SHARDS}).
     */
    public static Gateway start(GatewayConfig config, Clock clock, int processors) throws Exception {
        boolean system = clock.getClass() == Clock.systemUTC().getClass();
        return start(config, clock, system ? System::nanoTime : null, system ? new SystemSyncProbe() : SyncProbe.OFF, processors);
    }

    /**
     * Starts a gateway whose clock watch compares {@code clock} with {@code monotonicNanos} (null: no
     * jump detection) and asks {@code syncProbe} whether the clock is synchronised.
     */
    public static Gateway start(GatewayConfig config, Clock clock, LongSupplier monotonicNanos, SyncProbe syncProbe)
            throws Exception {
        return start(config, clock, monotonicNanos, syncProbe, Runtime.getRuntime().availableProcessors());
    }

    private static Gateway start(GatewayConfig config, Clock clock, LongSupplier monotonicNanos, SyncProbe syncProbe,
                                 int processors) throws Exception {
        Gateway g = new Gateway(config);
        try {
            g.startAll(clock, monotonicNanos == null ? () -> clock.millis() * 1_000_000 : monotonicNanos, syncProbe, processors);
            return g;
        } catch (Exception | Error e) {
            g.close();
            throw e;
        }
    }

    private void startAll(Clock clock, LongSupplier monotonicNanos, SyncProbe syncProbe, int processors) throws Exception {
        if (config.mqtt().isOpen()) {
            log.warn("OPEN TEST PROFILE, NOT FOR PRODUCTION: {} sets mqtt.acl: open, so any client may publish and "
                    + "subscribe on any topic", config.file());
        }
        new ClassLoaderMetrics().bindTo(meters);
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);

        dataDir = config.dataDir().toAbsolutePath().normalize();
        // refuses a directory a newer release wrote before anything in it is opened
        DataDirectory.open(dataDir);
        try {
            store = Store.start(config.store(), dataDir, config.sites(), meters, clock, Uplinks.cursors(config.uplinks()));
        } catch (Exception | Error e) {
            if (!config.store().isEmbedded() || !PortUnavailableException.isBindFailure(e)) throw e;
            int pg = config.store().embeddedPgPort();
            if (pg > 0 && String.valueOf(e.getMessage()).contains(":" + pg)) { // QuestDB names the address it could not bind
                throw new PortUnavailableException("embedded QuestDB's PostgreSQL wire", config.store().embedded().host(), pg,
                        "store.embedded.pgPort in " + config.file(), e);
            }
            throw new PortUnavailableException("embedded QuestDB store", config.store().embedded().host(), config.store().embedded().port(),
                    "--store-port N, or store.embedded.port in " + config.file(), e);
        }
        uplinks = Uplinks.start(config.uplinks(), store.durableLog(), config.sites(), clock, meters);

        // persistent sessions and retained messages come back before anything is published or accepted
        sessionStore = SessionStorage.open(dataDir.resolve(DataDirectory.SESSIONS), config.store().log(), meters, clock);
        mqtt = new MqttServer(config.mqtt().server(), meters, System::nanoTime, sessionStore);
        users = new UserDirectory(MqttWiring.users(config.mqtt()));
        mqtt.security(users, MqttWiring.accessPolicy(config.mqtt()));
        mqtt.restoreSessions();
        SensorIndex index = new SensorIndex(config.sites(), shardCount(processors), 1);
        // recovers active alarms and rule state from <dataDir>/alarm before anything is accepted
        alarms = Alarms.open(index, new MqttAlarmOutput(mqtt.publisher()), store::appendAlarm, dataDir.resolve("alarm"), clock,
                meters, config.alarms().snapshotInterval(), config.ingest().maxClockSkew());
        alarms.engine().ingestPaused(() -> !store.log().state().isAccepting());
        warnAboutOldHashes();
        operatorLogin = new OperatorLogin(users, config.mqtt().users().stream().anyMatch(u -> u.role().equals(MqttUserSettings.OPERATOR)
                || u.role().equals(MqttUserSettings.ADMIN)), meters, () -> clock.millis() * 1_000_000L);
        clockWatch = new ClockWatch(config.clock(), clock, monotonicNanos, syncProbe, new ClockWatch.FaultSink() {
            @Override public void raise(String rule, String cause, String message) {
                alarms.gatewayFaults().raise(ClockWatch.TAG, rule, cause, message);
            }

            @Override public void clear(String rule, String message) {
                alarms.gatewayFaults().clear(ClockWatch.TAG, rule, message);
            }
        });
        controlRoom = new ControlRoom(index, alarms::activeAlarms, alarms::risks, store.sql().orElse(null), new AlarmAcks(alarms),
                operatorLogin,
                new Readiness() {
                    @Override public List<Check> checks() { return readiness(); }

                    @Override public java.util.Map<String, Object> facts() { return readinessFacts(); }
                }, meters, clock, dataDir.resolve(DataDirectory.CONTROL_ROOM).resolve("shelved-alarms.json"),
                (site, tag) -> alarms.engine().latest(site, tag).map(l -> l.judged()).orElse(Double.NaN));
        controlRoom.regulators(uplinks);
        alarms.addListener(controlRoom.board());
        if (config.response() != null) {
            // listens before the bus starts; plans and sends only once HTTP is up (its address goes into the links)
            response = AlarmResponse.open(config.response(), config.sites(), dataDir.resolve(DataDirectory.RESPONSE), clock, meters,
                    mqtt.publisher()::publish, alarms::acknowledge, alarms::activeAlarms, store::appendDelivery);
            alarms.addListener(response);
            controlRoom.registerResponse(response);
        }
        DeviceFaults deviceFaults = new DeviceFaults(config.sites(), mqtt.publisher(), meters);
        controlRoom.deviceFaults(deviceFaults::active);
        TelemetryIngest ingest = new TelemetryIngest(index, store.log(), alarms.engine(), controlRoom.liveReadings(),
                alarms.engine(), deviceFaults, config.ingest().maxClockSkew(), mqtt.publisher(), clock,
                NettyBytes.allocator(PooledByteBufAllocator.DEFAULT), meters);
        southbound = new Southbound(config, index, ingest, store.log(), alarms.engine(), controlRoom.liveReadings(),
                alarms.engine(), deviceFaults, mqtt.publisher(), clock, NettyBytes.allocator(PooledByteBufAllocator.DEFAULT), meters);
        mqtt.inboundPublishHandler(new TelemetryPublishHandler(ingest, southbound.sparkplug()));
        // republishes the recovered retained state before MQTT accepts connections
        alarms.start(config.alarms().realtimePriority());
        IngestBackpressure backpressure = new IngestBackpressure(mqtt, alarms.engine()::overloaded);
        store.log().addStateListener(backpressure);
        alarms.engine().overloadListener(backpressure::refresh);
        backpressure.accept(store.log().state());
        try {
            mqttListeners = mqtt.start(MqttWiring.listeners(config.mqtt()));
        } catch (ListenerBindException e) {
            if (!PortUnavailableException.isBindFailure(e)) throw e;
            int i = MqttWiring.listeners(config.mqtt()).indexOf(e.listener());
            boolean primary = i >= 0 && config.mqtt().listeners().get(i) == config.mqtt().primary();
            throw new PortUnavailableException("MQTT " + e.listener().scheme(), e.listener().host(), e.listener().port(),
                    (primary ? "--mqtt-port N, or mqtt.port" : "mqtt.listeners[" + i + "].port") + " in " + config.file(), e);
        }
        try {
            http = new HttpApiServer(config.http(), controlRoom.routes(), meters);
        } catch (Exception e) {
            if (!PortUnavailableException.isBindFailure(e)) throw e;
            throw new PortUnavailableException("HTTP: dashboard and API", config.http().host(), config.http().port(),
                    "--http-port N, or http.port in " + config.file(), e);
        }
        southbound.start(config.sites());
        if (response != null) response.start(alarms.activeAlarms(), alarms.risks(), "http://" + config.http().host() + ":" + http.port());
        reload = new LiveReload(config, alarms, ingest, southbound, store, uplinks, controlRoom, meters);
        if (response != null) reload.onSites(response::reload);
        reload.watch();
        clockWatch.start();
        wakeups = new WakeupMonitor(meters).start();
        new RunFile(ProcessHandle.current().pid(), DataFormat.release(),
                store.embeddedHttpPort() >= 0 ? store.storeUrl() : null).write(dataDir);
    }

    /** Hashes with fewer iterations than today's default still verify; the operator hears that they could be stronger. */
    private void warnAboutOldHashes() {
        for (MqttUserSettings u : config.mqtt().users()) {
            if (u.passwordHash() != null && u.passwordHash().iterations() < PasswordHash.DEFAULT_ITERATIONS) {
                log.warn("User '{}' has a password hash of {} iterations, below today's default of {}: it still verifies, "
                        + "but a stronger one comes from 'hazardgate hash-password'", u.name(), u.passwordHash().iterations(),
                        PasswordHash.DEFAULT_ITERATIONS);
            }
        }
    }

    private List<Readiness.Check> readiness() {
        LogState state = store.log().state();
        List<String> schema = store.schemaProblems();
        long waiting = store.rejectedFilesWaiting();
        return List.of(
                new Readiness.Check("mqtt", !mqttListeners.isEmpty(), "listening on port " + mqttPort()),
                new Readiness.Check("log", state == LogState.ACCEPTING, "durable log " + state.name().toLowerCase(java.util.Locale.ROOT)),
                sessionsCheck(),
                new Readiness.Check("store", store.storeReachable(), store.storeReachable()
                        ? "time-series store takes writes; " + store.lagRecords() + " records behind"
                        : "time-series store unreachable; " + store.lagRecords() + " records wait in the log"),
                new Readiness.Check("store-schema", schema.isEmpty(), (schema.isEmpty()
                        ? "the store's tables are as the gateway made them" : "changed under the gateway: " + String.join("; ", schema))
                        + store.schemaLastChange().map(c -> "; last change found: " + c).orElse("")),
                new Readiness.Check("store-rejected", waiting == 0, waiting == 0
                        ? "no data the store refused is waiting"
                        : store.rejectedLines() + " lines refused by the store since start; " + waiting
                                + " files of refused data wait in " + store.rejectedDirectory() + " for an operator"),
                clockCheck());
    }

    /** The session store takes writes; what it put back at start, and what it had to skip. */
    private Readiness.Check sessionsCheck() {
        SessionStore.Restored r = sessionStore.restored();
        String restored = r.sessions() + " persistent sessions and " + r.retained() + " retained messages restored at start"
                + (r.damaged() > 0 ? "; " + r.damaged() + " damaged session-store records skipped (see the log)" : "");
        return sessionStore.failing()
                ? new Readiness.Check("sessions", false, "session store cannot write; " + restored)
                : new Readiness.Check("sessions", true, "session store takes writes; " + restored);
    }

    private Readiness.Check clockCheck() {
        ClockWatch.Status s = clockWatch.status();
        return new Readiness.Check("clock", s.ok(), "clock " + s.detail());
    }

    /** Figures {@code /ready} shows beside its checks: how far the store is behind. */
    private java.util.Map<String, Object> readinessFacts() {
        java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
        f.put("log", store.log().state().name());
        f.put("storeLagRecords", store.lagRecords());
        f.put("storeLagReadings", store.lagReadings());
        f.put("storeLagSeconds", store.lagSeconds());
        f.put("sessionsRestored", sessionStore.restored().sessions());
        f.put("sessionStoreDamagedRecords", sessionStore.restored().damaged());
        f.put("storeRejectedLines", store.rejectedLines());
        f.put("southboundRestartPending", southbound == null ? List.of() : southbound.restartPending());
        java.util.Map<String, Object> up = new java.util.LinkedHashMap<>();
        for (UplinkStatus u : uplinks.status()) {
            java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("state", u.state());
            one.put("lagRecords", u.lagRecords());
            one.put("lagSeconds", u.lagSeconds());
            one.put("lastError", u.lastError());
            up.put(u.name(), one);
        }
        f.put("uplinks", up);
        return f;
    }

    /**
     * One alarm shard per two cores (the event loops and the log need the rest), at most
     * {@link SensorIndex#MAX_SHARDS}: a reading's shards are bits of one {@code long}.
     */
    static int shardCount(int processors) {
        return Math.min(SensorIndex.MAX_SHARDS, Math.max(1, processors / 2));
    }

    /** Alarm shards the engine runs. */
    public int alarmShards() { return alarms.engine().index().shardCount(); }

    /** Port of the main MQTT listener: the first plain TCP one (the one {@code --mqtt-port} sets). */
    public int mqttPort() {
        return mqttListeners.get(config.mqtt().listeners().indexOf(config.mqtt().primary())).port();
    }

    /** Every bound MQTT listener, in config order. */
    public List<BoundListener> mqttListeners() { return mqttListeners; }

    /** The MQTT server, for wiring and tests. */
    public MqttServer mqtt() { return mqtt; }

    public int httpPort() { return http.port(); }

    /** The HJ 212 listener's port, or -1 when it is off. */
    public int hj212Port() { return southbound.hj212Port(); }

    /** The embedded QuestDB's HTTP port, or -1 when the store is external. */
    public int storePort() { return store.embeddedHttpPort(); }

    /** The embedded store's PostgreSQL wire port, or -1 when it is off. */
    public int storePgPort() { return store.embeddedPgPort(); }

    /** {@code user:password} of the embedded QuestDB's HTTP port, or null when it wants none (or is not there). */
    public String storeCredentials() {
        return store.embeddedCredentials().map(c -> c.userColonPassword()).orElse(null);
    }

    public Store store() { return store; }

    /** The platform uplinks and the regulators' statistics. */
    public Uplinks uplinks() { return uplinks; }

    /** The alarm subsystem: acknowledgement, active alarms, sensor status, colours, listeners. */
    public Alarms alarms() { return alarms; }

    /** Alarm response (notifications, delivery record, links, hand-over); null when none is configured. */
    public AlarmResponse response() { return response; }

    /** Loads the configuration files again and applies changed sites; false when the change was rejected. */
    public boolean reloadConfig() { return reload.reloadNow(); }

    public PrometheusMeterRegistry meters() { return meters; }

    /** The watch on the gateway's clock (tests run its checks on demand). */
    public ClockWatch clockWatch() { return clockWatch; }

    /**
     * Printed first when the gateway runs on the open profile ({@code mqtt.acl: open}): anyone who can
     * reach it may publish and subscribe anywhere. Every line starts with {@code !!}, which no port line does.
     */
    static final String OPEN_PROFILE_BANNER = """
            !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
            !!  OPEN TEST PROFILE - NOT FOR PRODUCTION                                    !!
            !!  mqtt.acl is open: any client may publish and subscribe on any topic,      !!
            !!  the gateway's alarm topics included. Meant for MQTT conformance suites    !!
            !!  on loopback. Run a plant on config/gateway.yaml or your own, acl: roles.  !!
            !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
            """;

    /** What an operator needs to find the running gateway: the bound ports and where files are kept. */
    public String describe() {
        StringBuilder sb = new StringBuilder(config.mqtt().isOpen() ? OPEN_PROFILE_BANNER : "").append("HazardGate started\n");
        // the main listener first: "  mqtt   host:port" is what scripts and tests read the MQTT port from
        int primary = config.mqtt().listeners().indexOf(config.mqtt().primary());
        appendListener(sb, mqttListeners.get(primary));
        for (int i = 0; i < mqttListeners.size(); i++) {
            if (i != primary) {
                appendListener(sb, mqttListeners.get(i));
            }
        }
        sb.append("  http   ").append(config.http().host()).append(':').append(httpPort())
                .append("  (health /health, readiness /ready, metrics /metrics)\n");
        if (storePort() >= 0) {
            sb.append("  store  ").append(config.store().embedded().host()).append(':').append(storePort())
                    .append("  (embedded QuestDB: SQL at http://").append(config.store().embedded().host()).append(':')
                    .append(storePort()).append("/exec?query=...")
                    .append(store.embeddedCredentials().map(c -> ", login: curl -u \"$(cat " + c.file() + ")\"").orElse(""))
                    .append(")\n");
            if (store.embeddedPgPort() >= 0) {
                sb.append("  pg     ").append(config.store().embedded().host()).append(':').append(store.embeddedPgPort())
                        .append("  (the store's PostgreSQL wire, read-only, same login: Grafana, psql)\n");
            }
        } else {
            sb.append("  store  ").append(store.storeUrl()).append('\n');
        }
        if (hj212Port() >= 0) {
            sb.append("  hj212  ").append(config.hj212().listener().host()).append(':').append(hj212Port())
                    .append("  (HJ 212-2017 data loggers)\n");
        }
        sb.append("  data   ").append(config.dataDir().toAbsolutePath().normalize()).append('\n');
        for (Site s : config.sites()) {
            sb.append("  site   ").append(s.id()).append(" (").append(s.sensors().size()).append(" sensors, ")
                    .append(s.hazardSources().size()).append(" hazard sources)\n");
        }
        sb.append("Dashboard (一张屏): ").append(dashboardUrl()).append('\n');
        return sb.toString().stripTrailing();
    }

    /** Where a browser on this machine opens the control-room dashboard. */
    public String dashboardUrl() {
        String host = config.http().host();
        boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
        String shown = wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + httpPort() + "/" + (wildcard ? "  (or this machine's address from another)" : "");
    }

    private static void appendListener(StringBuilder sb, BoundListener b) {
        String scheme = b.listener().scheme();
        sb.append("  ").append(scheme).append(" ".repeat(Math.max(1, 7 - scheme.length()))).append(b.address())
                .append(b.listener().allowAnonymous() ? "" : "  (login required)").append('\n');
    }

    @Override
    public void close() {
        if (dataDir != null) {
            try {
                RunFile.delete(dataDir);
            } catch (java.io.IOException e) {
                log.warn("cannot remove {}: {}", RunFile.NAME, e.toString());
            }
        }
        closeQuietly("clock watch", clockWatch);
        closeQuietly("wake-up monitor", wakeups);
        closeQuietly("config watcher", reload);
        closeQuietly("southbound", southbound);
        closeQuietly("MQTT", mqtt);
        closeQuietly("MQTT users", users);
        closeQuietly("alarms", alarms);
        closeQuietly("alarm response", response);
        closeQuietly("MQTT sessions", sessionStore); // after the alarms: they publish to sessions until closed
        closeQuietly("HTTP", http);
        closeQuietly("operator logins", operatorLogin);
        closeQuietly("control room", controlRoom);
        closeQuietly("uplinks", uplinks);
        closeQuietly("store", store);
        if (gcMetrics != null) gcMetrics.close();
        meters.close();
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed", what, e);
        }
    }
}
