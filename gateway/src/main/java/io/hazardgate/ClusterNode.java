package io.hazardgate;

import io.hazardgate.alarm.AlarmWarmup;
import io.hazardgate.alarm.delivery.AlarmBus;
import io.hazardgate.alarm.delivery.AlarmRecorder;
import io.hazardgate.api.ControlRoom;
import io.hazardgate.api.Readiness;
import io.hazardgate.api.http.HttpApiServer;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.cluster.AlarmNode;
import io.hazardgate.cluster.ClusterTopics;
import io.hazardgate.cluster.ConfigGeneration;
import io.hazardgate.cluster.ControlRoomFeed;
import io.hazardgate.cluster.IngestOutbox;
import io.hazardgate.cluster.ReadingProducer;
import io.hazardgate.cluster.StoreFeed;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.mqtt.MqttUserSettings;
import io.hazardgate.datadir.DataDirectory;
import io.hazardgate.datadir.DataFormat;
import io.hazardgate.datadir.RunFile;
import io.hazardgate.ingest.DeviceFaults;
import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.mqtt.server.BoundListener;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.ReadingSink;
import io.hazardgate.record.ReadingTap;
import io.hazardgate.store.Store;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster, wired for its roles (docs/operations.md, "Cluster mode"):
 * <ul>
 *   <li>{@code ingest}: the MQTT endpoint and decoder; accepted readings go to Kafka and are acknowledged
 *       once Kafka has them; egress (MQTT alarm topics, retained state, colours) and the HTTP API and
 *       dashboard, fed by what the alarm tier committed;</li>
 *   <li>{@code alarm}: a member of the alarm tier;</li>
 *   <li>{@code store}: a store writer, with the configured store (by default the embedded QuestDB).</li>
 * </ul>
 * A node may take several roles. Start-up goes bottom up (topics, store, alarm, then what faces devices
 * and browsers), closing the other way.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** How long an ingest node waits at start for Kafka's metadata before it begins with its outbox. */
    static final java.time.Duration KAFKA_WAIT = java.time.Duration.ofSeconds(15);

    /** What a node does. */
    public enum Role {
        INGEST, ALARM, STORE;

        public String wireName() { return this == STORE ? "store-writer" : name().toLowerCase(Locale.ROOT); }

        /** Parses {@code ingest,alarm,store-writer} or {@code all}; the message names what is wrong. */
        public static Set<Role> parse(String text) {
            EnumSet<Role> out = EnumSet.noneOf(Role.class);
            for (String s : text.split(",")) {
                switch (s.strip().toLowerCase(Locale.ROOT)) {
                    case "ingest" -> out.add(INGEST);
                    case "alarm" -> out.add(ALARM);
                    case "store", "store-writer" -> out.add(STORE);
                    case "all" -> out.addAll(EnumSet.allOf(Role.class));
                    default -> throw new IllegalArgumentException("--role: unknown role '" + s.strip()
                            + "' (ingest, alarm, store-writer, or all)");
                }
            }
            return out;
        }
    }

    private final GatewayConfig config;
    private final Set<Role> roles;
    private final String nodeId;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConfigGeneration generation;
    private final ClusterTopics topics;
    private Store store;
    private StoreFeed storeFeed;
    private AlarmNode alarmNode;
    private ReadingProducer producer;
    private IngestOutbox outbox;
    private MqttServer mqtt;
    private Southbound southbound;
    private UserDirectory users;
    private AlarmBus bus;
    private ControlRoom controlRoom;
    private ControlRoomFeed feed;
    private List<BoundListener> mqttListeners = List.of();
    private HttpApiServer http;
    private JvmGcMetrics gcMetrics;
    private Path dataDir;

    private ClusterNode(GatewayConfig config, Set<Role> roles, String nodeId) {
        this.config = config;
        this.roles = roles;
        this.nodeId = nodeId;
        this.generation = ConfigGeneration.of(config);
        this.topics = new ClusterTopics(config.cluster());
    }

    public static ClusterNode start(GatewayConfig config, Set<Role> roles, String nodeId, Clock clock) throws Exception {
        if (!config.cluster().configured()) {
            throw new IllegalArgumentException("a node with --role needs Kafka: give --kafka host:port,... or cluster.kafka in "
                    + config.file());
        }
        if (roles.contains(Role.INGEST)) refusePolledSources(config);
        ClusterNode n = new ClusterNode(config, roles, nodeId);
        try {
            n.startAll(clock);
            return n;
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
    }

    private void startAll(Clock clock) throws Exception {
        new JvmMemoryMetrics().bindTo(meters);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        dataDir = config.dataDir().toAbsolutePath().normalize();
        // refuses a directory a newer release wrote before anything in it is opened
        DataDirectory.open(dataDir);
        topics.ensure(config.cluster(), nodeId);
        log.info("node {} ({}) runs configuration generation {}", nodeId, describeRoles(), generation.id());
        if (roles.contains(Role.STORE)) {
            store = Store.start(config.store(), dataDir, config.sites(), meters, clock);
            storeFeed = new StoreFeed(config.cluster(), topics, nodeId, store, meters);
            storeFeed.start();
            new RunFile(ProcessHandle.current().pid(), DataFormat.release(),
                    store.embeddedHttpPort() >= 0 ? store.storeUrl() : null).write(dataDir);
        }
        if (roles.contains(Role.ALARM)) {
            alarmNode = new AlarmNode(config.cluster(), topics, nodeId, config.sites(), generation, config.ingest().maxClockSkew(),
                    clock, meters);
            alarmNode.start();
        }
        if (roles.contains(Role.ALARM) || roles.contains(Role.INGEST)) {
            AlarmWarmup.startInBackground(); // evaluation here, or the control room's alarm bus
        }
        HttpRoutes routes;
        if (roles.contains(Role.INGEST)) {
            producer = new ReadingProducer(config.cluster(), topics, nodeId, generation, meters);
            if (!producer.awaitReady(KAFKA_WAIT)) {
                log.warn("node {}: Kafka has not answered within {} s; readings go to the local outbox until it does", nodeId,
                        KAFKA_WAIT.toSeconds());
            }
            // a store writer on the same node owns the hazardgate.log.* meters; the outbox has its own then
            outbox = IngestOutbox.open(producer, dataDir, config.store().log(), clock, meters,
                    roles.contains(Role.STORE) ? new SimpleMeterRegistry() : meters);
            mqtt = new MqttServer(config.mqtt().server(), meters);
            users = new UserDirectory(MqttWiring.users(config.mqtt()));
            mqtt.security(users, MqttWiring.accessPolicy(config.mqtt()));
            SensorIndex index = new SensorIndex(config.sites(), Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                    generation.number());
            // Kafka is the journal: the bus keeps the retained state and colours, the store writers record
            bus = new AlarmBus(config.sites(), mqtt.publisher()::publish, AlarmRecorder.NONE, clock, null, meters);
            ClusterAcks acks = new ClusterAcks(bus, outbox, clock);
            bus.addListener(acks);
            controlRoom = new ControlRoom(index, bus::activeAlarms, bus::risks, store == null ? null : store.sql().orElse(null), acks,
                    new OperatorLogin(users, config.mqtt().users().stream().anyMatch(u -> u.role().equals(MqttUserSettings.OPERATOR)
                            || u.role().equals(MqttUserSettings.ADMIN)), meters, () -> clock.millis() * 1_000_000L),
                    new Readiness() {
                        @Override public List<Check> checks() { return readiness(); }
                    }, meters, clock, dataDir.resolve(DataDirectory.CONTROL_ROOM).resolve("shelved-alarms.json"),
                    // a rain gauge's judged sum lives in the alarm tier: the dashboard shows the readings alone here
                    (site, tag) -> Double.NaN);
            bus.addListener(controlRoom.board());
            // the alarm tier judges; every reading is accepted here and judged once it is in Kafka
            ReadingSink judgedLater = (record, shardMask) -> true;
            DeviceFaults deviceFaults = new DeviceFaults(config.sites(), mqtt.publisher(), meters);
            controlRoom.deviceFaults(deviceFaults::active);
            TelemetryIngest ingest = new TelemetryIngest(index, outbox, judgedLater, ReadingTap.NONE, outbox, deviceFaults,
                    config.ingest().maxClockSkew(), mqtt.publisher(), clock, NettyBytes.allocator(PooledByteBufAllocator.DEFAULT),
                    meters);
            // payload profiles, Sparkplug B through this node's MQTT and the HJ 212 listener take the same way in:
            // the outbox, acknowledged (PUBACK, HJ 212 data answer) once Kafka or the local disk has them
            southbound = new Southbound(config, index, ingest, outbox, judgedLater, ReadingTap.NONE, outbox, deviceFaults,
                    mqtt.publisher(), clock, NettyBytes.allocator(PooledByteBufAllocator.DEFAULT), meters);
            mqtt.inboundPublishHandler(new TelemetryPublishHandler(ingest, southbound.sparkplug()));
            feed = new ControlRoomFeed(config.cluster(), topics, nodeId, bus, controlRoom.liveReadings(), clock, meters);
            feed.start(); // retained alarm state and colours are published before MQTT accepts connections
            // a full outbox (its disk budget) holds publishers back, as the log does in the single process
            IngestBackpressure backpressure = new IngestBackpressure(mqtt, () -> false);
            outbox.addStateListener(backpressure);
            backpressure.accept(outbox.state());
            mqttListeners = mqtt.start(MqttWiring.listeners(config.mqtt()));
            southbound.start(config.sites());
            routes = controlRoom.routes();
        } else {
            routes = new HttpRoutes();
            routes.get("/health", HttpRoute.sync(r -> HttpResponseSpec.json(200, "{\"status\":\"up\"}")));
            routes.get("/metrics", HttpRoute.sync(r ->
                    HttpResponseSpec.text(200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape())));
            routes.get("/api/cluster/node", HttpRoute.sync(r -> HttpResponseSpec.json(200, nodeJson())));
            Readiness readiness = this::readiness;
            routes.get("/ready", HttpRoute.sync(r -> ControlRoom.ready(readiness)));
        }
        http = new HttpApiServer(config.http(), routes, meters);
    }

    /**
     * The sources a gateway fetches from rather than receives: every ingest node would poll the same Modbus
     * device, subscribe to the same OPC UA server and join a plant's Sparkplug broker under the same client
     * id, so each reading would enter Kafka once per ingest node. Refused until one node is chosen to do it.
     */
    static void refusePolledSources(GatewayConfig config) {
        String why = " is not available on cluster ingest nodes (cluster: in " + config.file()
                + "): every ingest node would fetch the same readings; run it on a single-process gateway (docs/operations.md, \"Cluster mode\")";
        if (!config.southbound().sparkplug().isEmpty()) {
            throw new IllegalArgumentException(config.file() + ": southbound.sparkplug.brokers" + why);
        }
        for (io.hazardgate.config.site.Site site : config.sites()) {
            for (io.hazardgate.config.site.Device d : site.devices()) {
                String block = d.modbus() != null ? "modbus" : d.opcua() != null ? "opcua" : null;
                if (block != null) {
                    throw new IllegalArgumentException("site " + site.id() + ", device " + d.id() + ": the " + block + " block" + why);
                }
            }
        }
    }

    private String nodeJson() {
        StringBuilder sb = new StringBuilder("{\"node\":\"").append(nodeId).append("\",\"roles\":\"").append(describeRoles())
                .append("\",\"configGeneration\":\"").append(generation.id()).append('"');
        if (alarmNode != null) sb.append(",\"partitions\":").append(alarmNode.partitions());
        return sb.append('}').toString();
    }

    private List<Readiness.Check> readiness() {
        List<Readiness.Check> out = new ArrayList<>();
        if (roles.contains(Role.INGEST)) out.add(new Readiness.Check("mqtt", !mqttListeners.isEmpty(), "listening on port " + mqttPort()));
        if (outbox != null) {
            // the node takes readings either way; the detail says where they wait
            out.add(new Readiness.Check("kafka", true, outbox.outboxActive()
                    ? "Kafka does not take records now: " + outbox.backlog() + " kept in the local outbox, acknowledged from disk"
                    : "readings go straight to Kafka"));
        }
        out.add(new Readiness.Check("cluster", true, "node " + nodeId + " (" + describeRoles() + "), configuration generation "
                + generation.id()));
        if (alarmNode != null) {
            // a rolling change of the site files passes through a mismatch: shown, and not a reason to take the node out
            out.add(new Readiness.Check("configuration", true, alarmNode.generations().describe()));
        }
        return out;
    }

    private String describeRoles() {
        return String.join(",", roles.stream().map(Role::wireName).toList());
    }

    public int mqttPort() {
        return mqttListeners.isEmpty() ? -1 : mqttListeners.get(config.mqtt().listeners().indexOf(config.mqtt().primary())).port();
    }

    public int httpPort() { return http.port(); }

    /** The HJ 212 listener's port, or -1 when it is off or the node takes no readings. */
    public int hj212Port() { return southbound == null ? -1 : southbound.hj212Port(); }

    public int storePort() { return store == null ? -1 : store.embeddedHttpPort(); }

    public AlarmNode alarmNode() { return alarmNode; }

    public PrometheusMeterRegistry meters() { return meters; }

    /** What scripts read: the same lines as the single process prints, plus the node and its roles. */
    public String describe() {
        StringBuilder sb = new StringBuilder("HazardGate started (cluster node ").append(nodeId).append(", roles ")
                .append(describeRoles()).append(", configuration ").append(generation.id()).append(")\n");
        if (mqttPort() >= 0) sb.append("  mqtt   ").append(config.mqtt().primary().host()).append(':').append(mqttPort()).append('\n');
        sb.append("  http   ").append(config.http().host()).append(':').append(httpPort()).append('\n');
        if (hj212Port() >= 0) sb.append("  hj212  ").append(config.hj212().listener().host()).append(':').append(hj212Port()).append('\n');
        if (storePort() >= 0) sb.append("  store  ").append(config.store().embedded().host()).append(':').append(storePort()).append('\n');
        sb.append("  kafka  ").append(config.cluster().bootstrap()).append('\n');
        sb.append("  data   ").append(config.dataDir().toAbsolutePath().normalize());
        return sb.toString();
    }

    @Override
    public void close() {
        closeQuietly("southbound", southbound);
        closeQuietly("MQTT", mqtt);
        closeQuietly("MQTT users", users);
        closeQuietly("control-room feed", feed);
        closeQuietly("alarm bus", bus);
        closeQuietly("HTTP", http);
        closeQuietly("control room", controlRoom);
        if (outbox != null) closeQuietly("outbox", outbox);
        else closeQuietly("Kafka producer", producer);
        closeQuietly("alarm node", alarmNode);
        closeQuietly("store feed", storeFeed);
        closeQuietly("store", store);
        if (store != null) {
            try {
                RunFile.delete(dataDir);
            } catch (java.io.IOException e) {
                log.warn("cannot remove {}: {}", RunFile.NAME, e.toString());
            }
        }
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
