package io.hazardgate;

import io.hazardgate.alarm.AlarmBus;
import io.hazardgate.alarm.AlarmEngine;
import io.hazardgate.api.HttpApiServer;
import io.hazardgate.api.HttpResponseSpec;
import io.hazardgate.api.HttpRoute;
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
import java.util.LinkedHashMap;
import java.util.Map;
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
        mqtt.inboundPublishHandler(new TelemetryIngest(index, store.log(), engine, mqtt.publisher(), clock,
                PooledByteBufAllocator.DEFAULT, meters));
        bus.start();
        engine.start();
        mqtt.start(config.mqtt().host(), config.mqtt().port());
        http = new HttpApiServer(config.http().host(), config.http().port(), routes());
    }

    /** One alarm shard per two cores: the event loops and the log need the rest. */
    private static int shardCount() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private Map<String, HttpRoute> routes() {
        Map<String, HttpRoute> r = new LinkedHashMap<>();
        r.put("/health", (req, uri) -> HttpResponseSpec.json(200, "{\"status\":\"up\"}"));
        // Ready while the log takes records: a store that is down or behind only grows the backlog, which
        // the lag fields show; a full disk budget or failing log writes make the gateway not ready.
        r.put("/ready", (req, uri) -> {
            LogState state = store.log().state();
            boolean ready = state == LogState.ACCEPTING;
            return HttpResponseSpec.json(ready ? 200 : 503, "{\"ready\":" + ready + ",\"log\":\"" + state
                    + "\",\"storeLagRecords\":" + store.lagRecords() + ",\"storeLagReadings\":" + store.lagReadings()
                    + ",\"storeLagSeconds\":" + store.lagSeconds() + "}");
        });
        r.put("/metrics", (req, uri) -> HttpResponseSpec.text(200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape()));
        return r;
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
