package io.hazardgate;

import io.hazardgate.alarm.AlarmBus;
import io.hazardgate.alarm.AlarmEngine;
import io.hazardgate.api.AlarmAcknowledger;
import io.hazardgate.api.ControlRoom;
import io.hazardgate.api.OperatorAuth;
import io.hazardgate.api.Readiness;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpApiServer;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.Site;
import io.hazardgate.ingest.SensorIndex;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.MqttServer;
import io.hazardgate.mqtt.MqttServerConfig;
import io.hazardgate.store.LogState;
import io.hazardgate.store.Store;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private AlarmBus bus;
    private AlarmEngine engine;
    private MqttServer mqtt;
    private HttpApiServer http;
    private ControlRoom controlRoom;
    private JvmGcMetrics gcMetrics;

    private Gateway(GatewayConfig config) {
        this.config = config;
        this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Starts a gateway; on failure everything already started is stopped again. */
    public static Gateway start(GatewayConfig config, Clock clock) throws Exception {
        Gateway g = new Gateway(config);
        try {
            g.startAll(clock);
            return g;
        } catch (Exception | Error e) {
            g.close();
            throw e;
        }
    }

    private void startAll(Clock clock) throws Exception {
        new ClassLoaderMetrics().bindTo(meters);
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);

        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        store = Store.start(config.store(), dataDir, config.sites(), meters, clock);

        mqtt = new MqttServer(MqttServerConfig.defaults(), meters);
        bus = new AlarmBus(config.sites(), mqtt.publisher()::publish, store::appendAlarm, clock);
        SensorIndex index = new SensorIndex(config.sites(), shardCount(), 1);
        engine = new AlarmEngine(index, bus, clock, meters);
        controlRoom = new ControlRoom(config.sites(), index, store.sql().orElse(null), acknowledger(), OPERATORS_NONE,
                this::readiness, meters, clock);
        bus.addListener(controlRoom.board());
        mqtt.inboundPublishHandler(new TelemetryIngest(index, store.log(), engine, controlRoom.liveReadings(),
                mqtt.publisher(), clock, PooledByteBufAllocator.DEFAULT, meters));
        bus.start();
        engine.start();
        mqtt.start(config.mqtt().host(), config.mqtt().port());
        http = new HttpApiServer(config.http().host(), config.http().port(), controlRoom.routes());
    }

    private static final OperatorAuth OPERATORS_NONE = new OperatorAuth() {
        @Override public String operator(String header) { return null; }

        @Override public boolean hasOperators() { return false; }
    };

    private AlarmAcknowledger acknowledger() {
        return (id, who, comment) -> CompletableFuture.failedFuture(
                new ApiRequest.BadRequest(503, "acknowledgement is not available yet"));
    }

    private List<Readiness.Check> readiness() {
        LogState state = store.log().state();
        return List.of(
                new Readiness.Check("mqtt", mqtt.port() > 0, "listening on port " + mqtt.port()),
                new Readiness.Check("log", state == LogState.ACCEPTING, "durable log " + state.name().toLowerCase(java.util.Locale.ROOT)),
                new Readiness.Check("store", store.storeReachable(), store.storeReachable()
                        ? "time-series store takes writes; " + store.lagRecords() + " records behind"
                        : "time-series store unreachable; " + store.lagRecords() + " records wait in the log"));
    }

    /** One alarm shard per two cores: the event loops and the log need the rest. */
    private static int shardCount() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public int mqttPort() { return mqtt.port(); }

    public int httpPort() { return http.port(); }

    /** The embedded QuestDB's HTTP port, or -1 when the store is external. */
    public int storePort() { return store.embeddedHttpPort(); }

    public Store store() { return store; }

    public PrometheusMeterRegistry meters() { return meters; }

    /** What an operator needs to find the running gateway: the bound ports and where files are kept. */
    public String describe() {
        StringBuilder sb = new StringBuilder("HazardGate started\n");
        sb.append("  mqtt   ").append(config.mqtt().host()).append(':').append(mqttPort()).append('\n');
        sb.append("  http   ").append(config.http().host()).append(':').append(httpPort())
                .append("  (health /health, readiness /ready, metrics /metrics)\n");
        if (storePort() >= 0) {
            sb.append("  store  ").append(config.store().embedded().host()).append(':').append(storePort())
                    .append("  (embedded QuestDB: SQL at http://").append(config.store().embedded().host()).append(':')
                    .append(storePort()).append("/exec?query=...)\n");
        } else {
            sb.append("  store  ").append(store.storeUrl()).append('\n');
        }
        sb.append("  data   ").append(config.dataDir().toAbsolutePath().normalize()).append('\n');
        for (Site s : config.sites()) {
            sb.append("  site   ").append(s.id()).append(" (").append(s.sensors().size()).append(" sensors, ")
                    .append(s.hazardSources().size()).append(" hazard sources)\n");
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public void close() {
        closeQuietly("MQTT", mqtt);
        closeQuietly("alarm engine", engine);
        closeQuietly("alarm bus", bus);
        closeQuietly("HTTP", http);
        closeQuietly("control room", controlRoom);
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
