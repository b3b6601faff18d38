package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.hazardgate.cluster.ClusterMetrics;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.ResponseFixture;
import io.hazardgate.testing.SmtpServer;
import io.hazardgate.testing.TestGateway;
import io.hazardgate.testing.WebhookReceiver;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meter table of docs/operations.md is the catalogue operators read; this holds it to what a
 * running gateway registers, both ways, so neither can drift: every {@code hazardgate} meter registered
 * after some ordinary traffic is in the table with its type and tag keys, and every row of the table
 * is registered. One uplink is configured, and the gateway tells people of alarms (a response file,
 * mail to a real SMTP server on loopback), so the uplinks' and alarm response's meters are counted too.
 */
class MeterCatalogueTest {
    /** {@code | `name` | type | `tag`, `tag` | meaning |} */
    private static final Pattern ROW = Pattern.compile("^\\| `(hazardgate_[a-z0-9_]+)` \\| ([a-z]+) \\| ([^|]*)\\| [^|]+\\|$");
    private static final Pattern TAG = Pattern.compile("`([a-z_]+)`");

    @TempDir Path data;

    record Entry(String type, TreeSet<String> tags) {}

    @Test
    void everyRegisteredMeterIsInTheOperationsTableAndEveryRowIsRegistered() throws Exception {
        Map<String, Entry> registered;
        try (Platform platform = new Platform(); SmtpServer smtp = new SmtpServer(); WebhookReceiver hooks = new WebhookReceiver();
             Gateway g = Gateway.start(withUplink(platform.url()).withResponse(ResponseFixture.settings(data,
                     ResponseFixture.yaml(smtp.port(), hooks, ResponseFixture.FAST_RETRY, ResponseFixture.ROUTES))), Clock.systemUTC())) {
            traffic(g);
            registered = registered(g.meters());
        }
        Map<String, Entry> documented = documented(false);
        assertEquals(List.of(), differences(registered, documented), "docs/operations.md's meter table against the registry");
    }

    /** The cluster's table against what {@code ClusterMetrics} registers for a node with every role. */
    @Test
    void everyClusterMeterIsInTheClusterTableAndEveryRowIsRegistered() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ClusterMetrics.registerAll(registry);
        Map<String, Entry> registered = registered(registry);
        registry.close();
        assertEquals(List.of(), differences(registered, documented(true)), "docs/operations.md's cluster meter table against ClusterMetrics");
    }

    private static List<String> differences(Map<String, Entry> registered, Map<String, Entry> documented) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Entry> r : registered.entrySet()) {
            Entry d = documented.get(r.getKey());
            if (d == null) differences.add("registered, not in the table: " + r.getKey() + " " + r.getValue());
            else if (!d.equals(r.getValue())) differences.add(r.getKey() + ": table says " + d + ", registry " + r.getValue());
        }
        for (String name : documented.keySet()) {
            if (!registered.containsKey(name)) differences.add("in the table, not registered: " + name);
        }
        return differences;
    }

    /** The shipped config with one HTTP uplink to {@code url}, so the uplinks' meters are registered too. */
    private GatewayConfig withUplink(String url) throws IOException {
        Path file = data.resolve("uplink.yaml");
        Files.writeString(file, """
                sites: [%s]
                uplinks:
                  - name: province
                    kind: http
                    templates: %s
                    http:
                      url: %s
                      paths: {realtime: /data/realtime, history: /data/history, alarm: /data/alarm, basic: /data/basic}
                """.formatted(Configs.configDir().resolve("demo-plant.yaml"),
                Configs.configDir().resolve("examples/province/templates.yaml"), url));
        return TestGateway.config(data.resolve("data")).withUplinks(ConfigLoader.load(file).uplinks());
    }

    /** A platform on loopback that takes every message. */
    private static final class Platform implements AutoCloseable {
        private final HttpServer server;

        Platform() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] ok = "{\"code\":\"0\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            server.start();
        }

        String url() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

        @Override public void close() { server.stop(0); }
    }

    /** Connects, alarms, refuses a bad payload and disconnects, so meters registered on first use are there. */
    private static void traffic(Gateway g) throws Exception {
        try (Mqtt.Client room = Mqtt.connect(g.mqttPort(), "control-room").subscribe("alarm/#", 1);
             Mqtt.Client dtu = Mqtt.connect(g.mqttPort(), "dtu-tf1").subscribe("plant/demo/dtu-tf1/errors", 0)) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            room.next("alarm/demo/TF1/GT-101");
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\"}]}", 1);
            dtu.next("plant/demo/dtu-tf1/errors");
        }
        Await.until("the disconnects counted", Duration.ofSeconds(30),
                () -> g.meters().find("hazardgate.mqtt.disconnects").counter() != null);
    }

    private static Map<String, Entry> registered(PrometheusMeterRegistry registry) {
        Map<String, Entry> out = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            Meter.Id id = m.getId();
            if (!id.getName().startsWith("hazardgate.")) continue;
            String name = registry.config().namingConvention().name(id.getName(), id.getType(), id.getBaseUnit())
                    + (id.getType() == Meter.Type.COUNTER ? "_total" : ""); // the exporter's suffix
            TreeSet<String> tags = new TreeSet<>();
            for (Tag t : id.getTags()) tags.add(t.getKey());
            out.put(name, new Entry(id.getType().name().toLowerCase(Locale.ROOT).replace("distribution_summary", "summary"), tags));
        }
        return out;
    }

    /** The rows of the single process's table, or those of the cluster's ({@code hazardgate_cluster_*}). */
    private static Map<String, Entry> documented(boolean cluster) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        List<String> unparsed = new ArrayList<>();
        for (String line : Files.readAllLines(operationsDoc())) {
            if (!line.startsWith("| `hazardgate_")) continue;
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                unparsed.add(line);
                continue;
            }
            if (m.group(1).startsWith("hazardgate_cluster_") != cluster) continue;
            TreeSet<String> tags = new TreeSet<>();
            Matcher t = TAG.matcher(m.group(3));
            while (t.find()) tags.add(t.group(1));
            out.put(m.group(1), new Entry(m.group(2), tags));
        }
        assertEquals(List.of(), unparsed, "one meter per row: | `name` | type | `tag`, `tag` | meaning |");
        return out;
    }

    private static Path operationsDoc() {
        return Configs.configDir().resolveSibling("docs").resolve("operations.md");
    }
}
