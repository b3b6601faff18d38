package io.hazardgate.simulator.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.southbound.sparkplug.EdgeNode;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkplug B edge nodes publishing to a broker of the plant's, not to the gateway: the gateway joins
 * that broker as their host application (announcing its STATE), takes births and data by alias into the
 * same ingest, asks for a rebirth through that broker, and takes a death as the logger going offline.
 */
abstract class SparkplugThroughBrokerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = """
            site: sb
            hazardSources: [{id: TF1, kind: major_hazard}]
            devices:
              - id: edge-gas
                sparkplug: {group: Plant, node: Edge1, metrics: {"Gas/GT301": GT-301}}
            sensors:
              - {tag: GT-301, source: TF1, device: edge-gas, type: combustible_gas}
            """;
    @TempDir Path dir;

    abstract Broker startBroker(Path dir) throws Exception;

    @Test
    void theGatewayIsTheHostApplicationOfNodesOnAnotherBroker() throws Exception {
        try (Broker broker = startBroker(dir)) {
            MqttClient watcher = new MqttClient(broker.url(), "watcher", new MemoryPersistence());
            watcher.connect();
            BlockingQueue<String> state = new LinkedBlockingQueue<>();
            BlockingQueue<Payload> commands = new LinkedBlockingQueue<>();
            watcher.subscribe("spBv1.0/STATE/hazardgate", 1, (t, m) -> state.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
            watcher.subscribe("spBv1.0/Plant/NCMD/Edge1", 0, (t, m) -> commands.add(Payload.parseFrom(m.getPayload())));
            String extra = "southbound: {sparkplug: {brokers: [{url: \"" + broker.url() + "\", clientId: hg-host, hostId: hazardgate}]}}\n";
            try (Gateway gw = SouthboundGateway.start(dir, SITE, extra);
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
                String online = state.poll(20, TimeUnit.SECONDS);
                assertEquals(true, JSON.readTree(online).get("online").asBoolean(), "the host announces itself: " + online);
                try (EdgeNode edge = new EdgeNode(broker.url(), "Plant", "Edge1", 0)) {
                    edge.send("NDATA", "", 0, EdgeNode.byAlias(1, 70));
                    assertEquals("Node Control/Rebirth", commands.poll(20, TimeUnit.SECONDS).getMetrics(0).getName(),
                            "data before a birth: a rebirth request through the plant's broker");
                    edge.nbirth(EdgeNode.metric("Gas/GT301", 1, 5.0));
                    edge.send("NDATA", "", 0, EdgeNode.byAlias(1, 60.0));
                    JsonNode gas = next(room, "GT-301", "threshold");
                    assertEquals("L2", gas.get("limitName").asText());
                    edge.ndeath(0);
                    assertEquals("raised", next(room, "GT-301", "no_data").get("state").asText());
                }
            }
            watcher.disconnect();
            watcher.close();
        }
    }

    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }
}
