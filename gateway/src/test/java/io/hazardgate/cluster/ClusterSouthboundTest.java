package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.ClusterNode;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.southbound.hj212.Hj212Frames;
import io.hazardgate.testing.Mqtt;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The southbound protocols on a cluster ingest node: an HJ 212 logger's packet goes through the node's
 * outbox into Kafka, is answered once Kafka has it, and its alarm comes back from the alarm tier through
 * egress, as an MQTT reading's does. Sources every ingest node would fetch (Modbus, OPC UA, a plant's
 * Sparkplug broker) stop the node at start with the site, device and block named.
 */
class ClusterSouthboundTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MN = "010000A8900016F000169DC0";
    private static final String HJ212_SITE = """
            site: sb
            hazardSources: [{id: TD1, kind: tailings_dam}]
            devices:
              - id: dam-logger
                hj212: {mn: "010000A8900016F000169DC0", password: "123456", factors: {a01: WL-01}}
            sensors:
              - {tag: WL-01, source: TD1, device: dam-logger, type: water_level, period: 10m, limits: {blue: 150, red: 156}}
            """;
    private static final String MODBUS_SITE = """
            site: gas
            hazardSources: [{id: HS1, kind: major_hazard}]
            devices:
              - id: gas-controller
                modbus: {host: 127.0.0.1, points: [{tag: GT-1, address: 0}]}
            sensors:
              - {tag: GT-1, source: HS1, device: gas-controller, type: combustible_gas, period: 1m}
            """;
    @TempDir Path dir;

    @Test
    void hj212ReadingsOfAnIngestNodeGoThroughKafkaToTheAlarmTierAndBack() throws Exception {
        LocalKafka kafka = SharedKafka.get();
        Path config = write(HJ212_SITE, String.join("\n",
                "southbound: {hj212: {port: 0}}",
                "cluster:",
                "  kafka: " + kafka.bootstrap(),
                "  partitions: 2",
                "  replication: " + Math.min(3, kafka.nodes().size()),
                "  topicPrefix: t" + UUID.randomUUID().toString().substring(0, 8),
                "  transactionTimeout: 5s",
                "  deliveryTimeout: 5s",
                ""));
        try (ClusterNode node = ClusterNode.start(ConfigLoader.load(config).withDataDir(dir.resolve("data")),
                EnumSet.of(ClusterNode.Role.INGEST, ClusterNode.Role.ALARM), "sb-1", Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(node.mqttPort(), "room").subscribe("alarm/sb/#", 1);
             Socket logger = new Socket("127.0.0.1", node.hj212Port())) {
            logger.setSoTimeout(30_000);
            String qn = "20240501120000001";
            String now = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            logger.getOutputStream().write(Hj212Frames.frame("QN=" + qn + ";ST=32;CN=2011;PW=123456;MN=" + MN
                    + ";Flag=5;CP=&&DataTime=" + now + ";a01-Rtd=157.2,a01-Flag=N&&"));
            String answer = answer(logger.getInputStream());
            assertTrue(answer.contains("CN=9014") && answer.contains("QN=" + qn), "the data answer to the packet: " + answer);
            assertTrue(metric(node, "hazardgate_cluster_readings_sent_total ") >= 1.0,
                    "the answer followed Kafka's acknowledgement of the reading");

            JsonNode event;
            do {
                event = JSON.readTree(room.next("alarm/sb/").payload());
            } while (!event.get("tag").asText().equals("WL-01"));
            assertEquals("red", event.get("colour").asText(), "157.2 m is above the red level of 156 m, judged by the alarm tier: " + event);
            assertTrue(metric(node, "hazardgate_cluster_alarm_events_total ") >= 1.0, "the alarm tier committed it");
        }
    }

    @Test
    void anIngestNodeRefusesDevicesEveryIngestNodeWouldPoll() throws Exception {
        Path config = write(MODBUS_SITE, "cluster: {kafka: 127.0.0.1:9}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterNode.start(
                ConfigLoader.load(config).withDataDir(dir.resolve("data")), EnumSet.of(ClusterNode.Role.INGEST), "i-1",
                Clock.systemUTC()));
        assertTrue(e.getMessage().contains("site gas, device gas-controller: the modbus block is not available on cluster ingest nodes"),
                e.getMessage());
        assertTrue(e.getMessage().contains(config.toString()), "names the file with the cluster block: " + e.getMessage());

        Path sparkplug = write(HJ212_SITE, String.join("\n",
                "southbound: {sparkplug: {brokers: [{url: 'tcp://127.0.0.1:1883'}]}}",
                "cluster: {kafka: 127.0.0.1:9}",
                ""));
        e = assertThrows(IllegalArgumentException.class, () -> ClusterNode.start(
                ConfigLoader.load(sparkplug).withDataDir(dir.resolve("data")), EnumSet.of(ClusterNode.Role.INGEST), "i-1",
                Clock.systemUTC()));
        assertTrue(e.getMessage().contains("southbound.sparkplug.brokers is not available on cluster ingest nodes"), e.getMessage());
    }

    private Path write(String site, String extra) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), site);
        Path gw = dir.resolve("gateway.yaml");
        Files.writeString(gw, """
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                store: {kind: questdb-embedded, embedded: {host: 127.0.0.1, port: 0}, log: {fsync: os}}
                sites: [site.yaml]
                """ + extra);
        return gw;
    }

    /** The data segment of the next HJ 212 packet. */
    private static String answer(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (c == '\n') break;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static double metric(ClusterNode node, String prefix) {
        for (String line : node.meters().scrape().split("\n")) {
            if (line.startsWith(prefix)) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return Double.NaN;
    }
}
