package io.hazardgate.southbound.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkplug B edge nodes published through the gateway's own MQTT server: births declare aliases and
 * values, data by alias raises alarms, a seq gap or data before a birth asks the node to rebirth, a
 * death with the birth's bdSeq takes the logger offline and a stale one does not.
 */
class SparkplugThroughTheGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = """
            site: sb
            hazardSources: [{id: TF1, kind: major_hazard}]
            devices:
              - id: edge-gas
                sparkplug: {group: Plant, node: Edge1, metrics: {"Gas/GT301": GT-301}}
              - id: edge-tank
                sparkplug: {group: Plant, node: Edge1, device: Tank1, metrics: {"Level": LT-301}}
              - id: edge-2
                sparkplug: {group: Plant, node: Edge2}
            sensors:
              - {tag: GT-301, source: TF1, device: edge-gas, type: combustible_gas}
              - {tag: LT-301, source: TF1, device: edge-tank, type: tank_level, limits: {H: 16, HH: 18}}
              - {tag: GT-302, source: TF1, device: edge-2, type: combustible_gas}
            """;
    @TempDir Path dir;

    @Test
    void birthsDataAndDeathsOfAnEdgeNode() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, "");
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1);
             EdgeNode edge = new EdgeNode("tcp://127.0.0.1:" + gw.mqttPort(), "Plant", "Edge1", 0)) {
            BlockingQueue<Payload> commands = new LinkedBlockingQueue<>();
            edge.paho.subscribe("spBv1.0/Plant/NCMD/Edge1", 0, (t, m) -> commands.add(Payload.parseFrom(m.getPayload())));

            // data before any birth: refused, and the node is asked to rebirth
            edge.send("NDATA", "", 0, EdgeNode.byAlias(1, 70));
            Payload rebirth = commands.poll(10, TimeUnit.SECONDS);
            assertEquals(SparkplugHost.REBIRTH, rebirth.getMetrics(0).getName());
            assertTrue(rebirth.getMetrics(0).getBooleanValue());

            edge.nbirth(EdgeNode.metric("Gas/GT301", 1, 5.0), EdgeNode.metric("Node Control/Rebirth", 9, 0));
            edge.send("DBIRTH", "Tank1", 0, EdgeNode.metric("Level", 2, 10.0));
            edge.send("NDATA", "", 0, EdgeNode.byAlias(1, 60.0));
            JsonNode gas = next(room, "GT-301", "threshold");
            assertEquals("L2", gas.get("limitName").asText(), "data by alias raises the gas alarm: " + gas);
            edge.send("DDATA", "Tank1", 0, EdgeNode.byAlias(2, 17.0));
            assertEquals("H", next(room, "LT-301", "threshold").get("limitName").asText());

            // a stale death (the will of an older session) changes nothing
            edge.ndeath(7);
            SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_sparkplug_messages_total{kind=\"stale_death\"}", 1);

            // another node (rebirth requests are rate-limited per node): a seq gap asks it for a rebirth; a metric
            // named as the logger's tag needs no mapping
            try (EdgeNode edge2 = new EdgeNode("tcp://127.0.0.1:" + gw.mqttPort(), "Plant", "Edge2", 3)) {
                BlockingQueue<Payload> commands2 = new LinkedBlockingQueue<>();
                edge2.paho.subscribe("spBv1.0/Plant/NCMD/Edge2", 0, (t, m) -> commands2.add(Payload.parseFrom(m.getPayload())));
                edge2.nbirth(EdgeNode.metric("GT-302", 1, 1.0));
                edge2.send("NDATA", "", 5, EdgeNode.byAlias(1, 30.0));
                assertEquals(SparkplugHost.REBIRTH, commands2.poll(10, TimeUnit.SECONDS).getMetrics(0).getName());
                assertEquals("L1", next(room, "GT-302", "threshold").get("limitName").asText(), "the data itself is taken");
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_sparkplug_messages_total{kind=\"seq_gap\"}", 1);
            }

            // the node's own death: both of its loggers go offline at once
            edge.ndeath(0);
            assertEquals("raised", next(room, "GT-301", "no_data").get("state").asText());
            assertEquals("raised", next(room, "LT-301", "no_data").get("state").asText());
            assertEquals(0.0, SouthboundGateway.metric(gw, "hazardgate_southbound_sparkplug_messages_total{kind=\"malformed\"}"));
        }
    }

    @Test
    void aNodeThatFloodsOrSendsGarbageCostsOneRebirthRequestAndIsCounted() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, "");
             EdgeNode edge = new EdgeNode("tcp://127.0.0.1:" + gw.mqttPort(), "Plant", "Edge1", 0)) {
            BlockingQueue<Payload> commands = new LinkedBlockingQueue<>();
            edge.paho.subscribe("spBv1.0/Plant/NCMD/Edge1", 0, (t, m) -> commands.add(Payload.parseFrom(m.getPayload())));
            for (int i = 0; i < 200; i++) edge.send("NDATA", "", 0, EdgeNode.byAlias(1, i));
            edge.paho.publish("spBv1.0/Plant/NDATA/Edge1", "not protobuf {".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, false);
            SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_sparkplug_messages_total{kind=\"malformed\"}", 1);
            SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_sparkplug_messages_total{kind=\"before_birth\"}", 200);
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_sparkplug_rebirths_total"),
                    "rebirth requests are rate-limited per node, whatever the node sends");
            assertTrue(edge.paho.isConnected(), "a refused payload refuses the message, not the connection");
            assertEquals(0.0, SouthboundGateway.metric(gw, "hazardgate_southbound_messages_total{outcome=\"accepted\",protocol=\"sparkplug\"}"));
        }
    }

    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }
}
