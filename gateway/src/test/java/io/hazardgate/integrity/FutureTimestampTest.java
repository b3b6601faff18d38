package io.hazardgate.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.mqtt.Paho5;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data logger whose clock runs ahead (one set to local time UTC+8 and sending it as UTC is 8 h ahead;
 * 23 h is the worst a wrong time zone does) must not make its points' real readings "late": they would
 * raise nothing and the point would go grey while it reports a gas leak.
 */
class FutureTimestampTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long HOUR = 3_600_000L;
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void aReadingADayAheadIsRefusedAndTheRealReadingsAfterItStillRaiseTheGasAlarm() throws Exception {
        int port = demo.gateway().mqttPort();
        try (Mqtt.Client room = Mqtt.connect(port, "skew-room").subscribe("alarm/demo/TF1/GT-101", 1)
                .subscribe("device-fault/demo/dtu-tf1/#", 1);
             Paho5 dtu = Paho5.connect("tcp://127.0.0.1:" + port, "dtu-tf1")) {
            dtu.client.subscribe("plant/demo/dtu-tf1/errors", 0).waitForCompletion(10_000);
            long ahead = System.currentTimeMillis() + 23 * HOUR;
            IMqttToken refused = publish(dtu, "{\"readings\":[{\"tag\":\"GT-101\",\"value\":3,\"ts\":" + ahead + "}]}");
            assertEquals(0x83, Paho5.codes(refused)[0], "MQTT 5: implementation-specific error, the reading is not taken");
            JsonNode error = JSON.readTree(dtu.take().payload());
            assertEquals("clock_skew", error.get("reason").asText());
            assertEquals("dtu-tf1", error.get("device").asText());
            assertEquals("GT-101", error.get("tag").asText());
            assertTrue(error.get("error").asText().contains("ahead of the gateway clock"), error.toString());
            JsonNode fault = JSON.readTree(room.next("device-fault/demo/dtu-tf1/clock_skew").payload());
            assertEquals("raised", fault.get("state").asText());
            assertEquals("clock_skew", fault.get("fault").asText());

            // the logger's real readings (no ts: stamped on arrival) are judged as they come
            for (int value : new int[] {30, 60, 90}) {
                assertEquals(0, Paho5.codes(publish(dtu, "{\"readings\":[{\"tag\":\"GT-101\",\"value\":" + value + "}]}"))[0]);
            }
            // the raise (orange at 30 %LEL), the escalation to red, and the fault's end, in whatever order they come
            java.util.List<JsonNode> alarms = new java.util.ArrayList<>();
            boolean faultEnded = false;
            while (alarms.size() < 2 || !faultEnded) {
                Mqtt.Received r = room.next("");
                if (r.topic().equals("device-fault/demo/dtu-tf1/clock_skew")) {
                    assertEquals("", r.payload(), "readings on time again end the fault");
                    faultEnded = true;
                } else {
                    alarms.add(JSON.readTree(r.payload()));
                }
            }
            assertEquals("raised", alarms.get(0).get("state").asText());
            assertEquals(30.0, alarms.get(0).get("value").asDouble());
            assertEquals("red", alarms.get(1).get("colour").asText());
        }
        JsonNode sensor = JSON.readTree(Http.get(demo.httpBase() + "/api/sites/demo/sensors/GT-101").body());
        assertEquals(90.0, sensor.get("latest").get("value").asDouble(), sensor.toString());
        assertEquals(1.0, Http.metric(demo.gateway().httpPort(), "hazardgate_ingest_refused_total{reason=\"clock_skew\"}"));
        assertEquals("[]", Http.get(demo.httpBase() + "/api/device-faults").body());
    }

    /**
     * An earlier release took readings up to 24 h ahead and kept the future mark in its snapshots and
     * journal. Here a gateway allowed 24 h of skew leaves that state; the next start, on the default
     * skew, pulls the mark back, so a real reading raises the alarm it must.
     */
    @Test
    void aFutureMarkLeftInTheAlarmStateIsPulledBackAtStartUp(@TempDir Path dir) throws Exception {
        Path permissive = dir.resolve("gateway.yaml");
        Files.writeString(permissive, Files.readString(Configs.configDir().resolve("gateway.yaml"), StandardCharsets.UTF_8)
                .replace("- demo-plant.yaml", "- " + Configs.configDir().resolve("demo-plant.yaml"))
                + "\ningest:\n  maxClockSkew: 24h\n", StandardCharsets.UTF_8);
        GatewayConfig before = ConfigLoader.load(permissive).withMqttPort(0).withHttpPort(0).withStorePort(0)
                .withDataDir(dir.resolve("data"));
        try (Gateway g = Gateway.start(before, Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(g.mqttPort(), "room").subscribe("alarm/demo/TF1/GT-102", 1);
             Mqtt.Client dtu = Mqtt.connect(g.mqttPort(), "dtu-tf1")) {
            long ahead = System.currentTimeMillis() + 23 * HOUR;
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":12,\"ts\":" + ahead + "}]}", 1);
            JsonNode e = JSON.readTree(room.next("alarm/demo/TF1/GT-102").payload());
            assertEquals("orange", e.get("colour").asText(), "the permissive gateway took it, as an earlier release did");
        }
        GatewayConfig after = Configs.gateway().withMqttPort(0).withHttpPort(0).withStorePort(0).withDataDir(dir.resolve("data"));
        try (Gateway g = Gateway.start(after, Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(g.mqttPort(), "room").subscribe("alarm/demo/TF1/GT-102", 1);
             Mqtt.Client dtu = Mqtt.connect(g.mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":25}]}", 1);
            JsonNode escalated = JSON.readTree(room.next("alarm/demo/TF1/GT-102").payload());
            assertEquals("red", escalated.get("colour").asText(), "a real reading of 25 ppm H2S is judged: " + escalated);
            assertEquals(25.0, escalated.get("value").asDouble());
        }
    }

    private static IMqttToken publish(Paho5 dtu, String json) throws Exception {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return dtu.client.publish("plant/demo/dtu-tf1/telemetry", m);
    }
}
