package io.hazardgate.simulator.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.testing.Broker;
import io.hazardgate.simulator.testing.Collector;
import io.hazardgate.simulator.testing.Sites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plant's loggers against a standard MQTT broker: the wire contract, one batch per moment, logger
 * status with retained online messages and a will. Run against every broker in {@code Broker}.
 */
abstract class PlantAgainstBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Starts the broker under test in {@code dir}. */
    abstract Broker startBroker(Path dir) throws Exception;

    @Test
    void loggersPublishBatchesInTheWireContractWithTheForcedValue() throws Exception {
        Site demo = Sites.demo();
        Map<String, Sensor> sensors = demo.sensorsByTag();
        try (Broker broker = startBroker(dir); Collector sub = new Collector(broker.url(), "plant/demo/+/telemetry")) {
            long before = System.currentTimeMillis();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // At 600x the dam's 10-minute points come every second and the tank farm's 10 s points every 17 ms.
            int code = SimulatorMain.run(new String[] {"plant", "--site", Sites.DEMO_PLANT.toString(), "--broker", broker.url(),
                    "--speed", "600", "--duration", "2s", "--seed", "3", "--set", "GT-101=60"},
                    new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true, StandardCharsets.UTF_8));
            long after = System.currentTimeMillis();
            assertEquals(SimulatorMain.OK, code, err.toString(StandardCharsets.UTF_8));
            sub.awaitSentinel("plant/demo/sentinel/telemetry"); // the run waited for its acknowledgements

            List<String> damTags = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int tankFarm = 0;
            for (Collector.Received m : sub.received()) {
                String device = m.topic().split("/")[2];
                JsonNode root = JSON.readTree(m.payload());
                long ts = root.get("ts").longValue();
                assertTrue(root.get("ts").isIntegralNumber() && ts >= before && ts <= after, "message ts is wall time in the run: " + ts);
                for (JsonNode r : root.get("readings")) {
                    Sensor s = sensors.get(r.get("tag").textValue());
                    assertEquals(device, s.device(), s.tag() + " is sent by its own logger");
                    double v = r.get("value").doubleValue();
                    if (s.tag().equals("GT-101")) {
                        assertEquals(60.0, v, "forced for the whole run");
                    } else if (s.type().isDiscrete()) {
                        assertTrue(v == 0 || v == 1, s.tag() + " " + v + " is a state");
                    } else {
                        assertTrue(v >= s.rangeMin() && v <= s.rangeMax(), s.tag() + " " + v + " inside its range");
                    }
                    seen.add(s.tag());
                    if (device.equals("dtu-td1")) damTags.add(s.tag());
                }
                if (device.equals("dtu-tf1")) tankFarm++;
            }
            Set<String> played = new HashSet<>(sensors.keySet());
            played.remove("FB-01"); // derived by the gateway from WL-01, never sent
            assertEquals(played, seen, "every point of the demo plant was sent");
            assertTrue(damTags.size() >= 19, "the dam logger sent at least two batches: " + damTags);
            assertEquals(List.of("GNSS-01", "GNSS-02", "IN-01", "LS-01", "PZ-01"), damTags.subList(0, 5), "one batch per moment");
            assertTrue(tankFarm >= 40, "tank farm batches every 17 ms for 2 s: " + tankFarm);
        }
    }

    /**
     * docs/protocol.md, "Logger status": each logger announces itself online (retained) when it connects,
     * and its will says offline when its link is lost without a DISCONNECT; a clean stop says nothing.
     */
    @Test
    void eachLoggerAnnouncesItselfOnlineAndItsWillSaysOfflineWhenItsLinkIsCut() throws Exception {
        try (Broker broker = startBroker(dir); Collector status = new Collector(broker.url(), "plant/+/+/status")) {
            Plant plant = Plant.build(List.of(Sites.demo()), 1, System.currentTimeMillis(), java.time.ZoneOffset.UTC);
            try (MqttPlantLink link = MqttPlantLink.connect(plant, new io.hazardgate.simulator.mqtt.BrokerSettings(broker.url(), null, null), 1)) {
                assertEquals(2, status.awaitCount(2, 30));
                assertEquals(Set.of("plant/demo/dtu-tf1/status online", "plant/demo/dtu-td1/status online"), texts(status.received()));

                link.drop("demo", "dtu-td1");
                assertEquals(3, status.awaitCount(3, 30));
                assertEquals("plant/demo/dtu-td1/status offline", text(status.received().get(2)), "the broker published its will");

                link.restore("demo", "dtu-td1");
                assertEquals(4, status.awaitCount(4, 30));
                assertEquals("plant/demo/dtu-td1/status online", text(status.received().get(3)));
            }
            assertEquals(4, status.awaitSentinel("plant/demo/sentinel/status"), "a clean stop sends a DISCONNECT, and no will");
            try (Collector late = new Collector(broker.url(), "plant/+/+/status")) {
                assertEquals(2, late.awaitCount(2, 30));
                assertEquals(Set.of("plant/demo/dtu-tf1/status online", "plant/demo/dtu-td1/status online"), texts(late.received()),
                        "retained: a subscriber coming later learns each logger's last status");
            }
        }
    }

    private static Set<String> texts(List<Collector.Received> received) {
        Set<String> out = new HashSet<>();
        for (Collector.Received r : received) out.add(text(r));
        return out;
    }

    private static String text(Collector.Received r) {
        return r.topic() + " " + new String(r.payload(), StandardCharsets.UTF_8);
    }
}
