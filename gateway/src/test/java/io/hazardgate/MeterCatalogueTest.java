package io.hazardgate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.cluster.ClusterMetrics;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestGateway;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * is registered.
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
        try (Gateway g = TestGateway.start(data)) {
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
