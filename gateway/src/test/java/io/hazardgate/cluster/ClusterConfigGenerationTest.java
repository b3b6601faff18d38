package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.ClusterNode;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two ingest nodes whose site files differ by one line: the alarm tier names the node that runs another
 * configuration generation, with both generations, on {@code /ready} and counts it in a gauge; the
 * node's own records are not reported.
 */
class ClusterConfigGenerationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE = """
            site: gen
            hazardSources: [{id: TF1, kind: major_hazard}]
            devices: [{id: dtu-1}]
            sensors:
              - {tag: LT-1, source: TF1, device: dtu-1, type: tank_level, period: 1m, limits: {H: 16, HH: 18}}
            """;
    @TempDir Path dir;

    @Test
    void theAlarmTierNamesTheIngestNodeThatRunsAnotherGeneration() throws Exception {
        LocalKafka kafka = SharedKafka.get();
        String cluster = String.join("\n",
                "cluster:",
                "  kafka: " + kafka.bootstrap(),
                "  partitions: 2",
                "  replication: " + Math.min(3, kafka.nodes().size()),
                "  topicPrefix: t" + UUID.randomUUID().toString().substring(0, 8),
                "  transactionTimeout: 5s",
                "  deliveryTimeout: 5s",
                "");
        GatewayConfig a = config(dir.resolve("a"), SITE, cluster);
        // the same plant with one changed line: another generation, as when a roll of new files is half done
        GatewayConfig b = config(dir.resolve("b"), SITE.replace("limits: {H: 16, HH: 18}", "limits: {H: 15, HH: 18}"), cluster);
        String genA = ConfigGeneration.of(a).id();
        String genB = ConfigGeneration.of(b).id();
        assertFalse(genA.equals(genB));

        try (ClusterNode nodeA = ClusterNode.start(a, EnumSet.of(ClusterNode.Role.INGEST, ClusterNode.Role.ALARM), "node-a",
                Clock.systemUTC());
             ClusterNode nodeB = ClusterNode.start(b, EnumSet.of(ClusterNode.Role.INGEST), "node-b", Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(nodeA.mqttPort(), "room").subscribe("alarm/gen/#", 1);
             Mqtt.Client loggerA = Mqtt.connect(nodeA.mqttPort(), "dtu-1-a");
             Mqtt.Client loggerB = Mqtt.connect(nodeB.mqttPort(), "dtu-1-b")) {
            String ready = "http://127.0.0.1:" + nodeA.httpPort() + "/ready";
            loggerA.publish("plant/gen/dtu-1/telemetry", "{\"readings\":[{\"tag\":\"LT-1\",\"value\":10}]}", 1);
            // the sentinel: a high level through node B comes back as an alarm, so node B's record has been evaluated
            loggerB.publish("plant/gen/dtu-1/telemetry", "{\"readings\":[{\"tag\":\"LT-1\",\"value\":17}]}", 1);
            JsonNode event = JSON.readTree(room.next("alarm/gen/").payload());
            assertEquals("LT-1", event.get("tag").asText());

            HttpResponse<String> r = Http.get(ready);
            assertEquals(200, r.statusCode(), "a mismatch is shown, not a reason to take the node out: " + r.body());
            JsonNode check = check(JSON.readTree(r.body()), "configuration");
            String detail = check.get("detail").asText();
            assertTrue(detail.contains("this node runs " + genA) && detail.contains("node-b sends records of " + genB), detail);
            assertFalse(detail.contains("node-a sends"), "a node's own records are not a mismatch: " + detail);
            assertEquals(1.0, metric(nodeA, "hazardgate_cluster_config_mismatched_nodes "));
            assertTrue(metric(nodeA, "hazardgate_cluster_config_mismatch_total ") >= 1.0);
        }
    }

    private static GatewayConfig config(Path dir, String site, String cluster) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("site.yaml"), site);
        Path gw = dir.resolve("gateway.yaml");
        Files.writeString(gw, """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store: {kind: questdb-embedded, embedded: {host: 127.0.0.1, port: 0}, log: {fsync: os}}
                sites: [site.yaml]
                """ + cluster);
        return ConfigLoader.load(gw).withDataDir(dir.resolve("data"));
    }

    private static JsonNode check(JsonNode ready, String name) {
        for (JsonNode c : ready.get("checks")) {
            if (c.get("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no check '" + name + "' in " + ready);
    }

    private static double metric(ClusterNode node, String prefix) {
        for (String line : node.meters().scrape().split("\n")) {
            if (line.startsWith(prefix)) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return Double.NaN;
    }
}
