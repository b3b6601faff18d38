package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alarm lifecycle as control rooms and data loggers see it over real sockets (Paho): latching and
 * acknowledgement, a logger's will, a detector that sends no value, colour-change events.
 */
class AlarmLifecycleEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void aLatchedGasAlarmIsAcknowledgedThenClearsWithOneIdAndGrowingSeq() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "room-ack").subscribe("alarm/demo/TF1/GT-101", 1);
             Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1-ack")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            JsonNode raised = JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload());
            assertEquals("raised", raised.get("state").asText());
            assertFalse(raised.get("acknowledged").asBoolean());
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":2}]}", 1);
            AckResult r = demo.gateway().alarms().acknowledge(raised.get("id").asText(), "shift-lead", "dike checked").get(10, TimeUnit.SECONDS);
            assertEquals(AckResult.Outcome.ACKNOWLEDGED, r.outcome());
            JsonNode acked = JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload());
            assertEquals("acknowledged", acked.get("state").asText(), "the gas went back to 2 %LEL but the alarm latched");
            assertEquals("shift-lead", acked.get("ackBy").asText());
            assertEquals("dike checked", acked.get("ackComment").asText());
            JsonNode cleared = JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload());
            assertEquals("cleared", cleared.get("state").asText());
            assertEquals(raised.get("id").asText(), cleared.get("id").asText());
            assertEquals(List.of(1, 2, 3), List.of(raised.get("seq").asInt(), acked.get("seq").asInt(), cleared.get("seq").asInt()));
        }
    }

    @Test
    void aLoggerThatLosesItsConnectionPutsItsPointsInNoDataAtOnce() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "room-will").subscribe("alarm/demo/TD1/#", 1)
                .subscribe("risk-event/demo/TD1", 1)) {
            MqttClient logger = new MqttClient("tcp://127.0.0.1:" + demo.gateway().mqttPort(), "dtu-td1", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setWill("plant/demo/dtu-td1/status", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
            logger.connect(o);
            logger.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"PZ-01\",\"value\":12}]}".getBytes(StandardCharsets.UTF_8), 1, false);
            logger.disconnectForcibly(0, 1000, false); // the link drops: no DISCONNECT, so the server publishes the will
            logger.close();
            List<String> expected = io.hazardgate.testing.Configs.demoPlant().sensors().stream()
                    .filter(s -> s.device().equals("dtu-td1")).map(s -> s.tag()).sorted().toList();
            assertEquals(12, expected.size(), "every point the dam logger sends; the derived freeboard is not one");
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                JsonNode e = JSON.readTree(room.next("alarm/demo/TD1/").payload());
                assertEquals("no_data", e.get("kind").asText());
                assertEquals("offline", e.get("limitName").asText());
                assertEquals("grey", e.get("colour").asText());
                assertEquals(0, e.get("level").asInt());
                tags.add(e.get("tag").asText());
            }
            assertEquals(expected, tags.stream().sorted().toList());
            assertTrue(room.received.stream().noneMatch(m -> m.topic().startsWith("risk-event/")), "lost data never colours the dam");
        }
    }

    @Test
    void aDetectorThatSendsNoValueIsAFaultNotAGasReading() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "room-fault").subscribe("alarm/demo/TF1/GT-102", 1);
             Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1-fault")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":null,\"quality\":\"bad\"}]}", 1);
            JsonNode fault = JSON.readTree(room.next("alarm/demo/TF1/GT-102").payload());
            assertEquals("fault", fault.get("kind").asText());
            assertEquals("quality", fault.get("limitName").asText());
            assertTrue(fault.get("value").isNull());
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-102\",\"value\":\"NaN\"},{\"tag\":\"GT-102\",\"value\":3,\"ts\":"
                    + (System.currentTimeMillis() + 1000) + "}]}", 1);
            JsonNode cleared = JSON.readTree(room.next("alarm/demo/TF1/GT-102").payload());
            assertEquals("cleared", cleared.get("state").asText());
            assertEquals(3.0, cleared.get("value").asDouble());
        }
    }

    @Test
    void aColourChangeIsAnEventAsWellAsRetainedState() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "room-risk").subscribe("risk-event/demo/TF1", 1);
             Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1-risk")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"PT-101\",\"value\":2.2}]}", 1);
            JsonNode ev = JSON.readTree(room.next("risk-event/demo/TF1").payload());
            assertEquals("yellow", ev.get("colour").asText());
            assertTrue(ev.has("previousColour"));
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"PT-101\",\"value\":1.0}]}", 1);
            JsonNode back = JSON.readTree(room.next("risk-event/demo/TF1").payload());
            assertEquals("yellow", back.get("previousColour").asText());
        }
    }
}
