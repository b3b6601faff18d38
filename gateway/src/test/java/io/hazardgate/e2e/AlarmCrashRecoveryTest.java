package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway process killed with {@code kill -9} and started again on the same data directory: the
 * alarms it had raised are still active (republished as retained state, same ids), latched alarms are
 * still latched, nothing is raised a second time (not even when a logger resends a reading it already
 * sent), and no point is declared silent at start.
 */
class AlarmCrashRecoveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path data;

    @Test
    void alarmsSurviveKill9WithoutBeingRaisedTwice() throws Exception {
        Path config = Configs.configDir().resolve("gateway.yaml");
        long gasTs = System.currentTimeMillis();
        String gasReading = "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60,\"ts\":" + gasTs + "}]}";
        Map<String, String> ids = new HashMap<>();
        try (GatewayProcess gw = GatewayProcess.start(config, data)) {
            try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/#", 1);
                 Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", gasReading, 1);
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":19}]}", 1);
                for (int i = 0; i < 2; i++) {
                    JsonNode e = JSON.readTree(room.next("alarm/demo/TF1/").payload());
                    assertEquals("raised", e.get("state").asText());
                    ids.put(e.get("tag").asText(), e.get("id").asText());
                }
            }
            gw.kill(); // kill -9: no shutdown hook, no final snapshot
        }
        try (GatewayProcess gw = GatewayProcess.start(config, data)) {
            try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room2")) {
                room.subscribe("alarm-state/demo/TF1/+", 1);
                Map<String, JsonNode> retained = new HashMap<>();
                while (retained.size() < 2) {
                    Mqtt.Received r = room.next("alarm-state/");
                    if (r.retained() && !r.payload().isEmpty()) retained.put(r.topic(), JSON.readTree(r.payload()));
                }
                assertEquals(ids.get("GT-101"), retained.get("alarm-state/demo/TF1/GT-101").get("id").asText());
                assertEquals("red", retained.get("alarm-state/demo/TF1/GT-101").get("colour").asText());
                assertEquals(ids.get("LT-101"), retained.get("alarm-state/demo/TF1/LT-101").get("id").asText());

                room.subscribe("alarm/#", 1);
                try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                    dtu.publish("plant/demo/dtu-tf1/telemetry", gasReading, 1);                 // resent after the crash
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":70}]}", 1);
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":1}]}", 1); // latched
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":19.5}]}", 1);
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":10}]}", 1);
                    // the sentinel: a new alarm on the same logger's shard, so its event comes after any other
                    dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":50}]}", 1);
                }
                JsonNode cleared = JSON.readTree(room.next("alarm/demo/TF1/").payload());
                assertEquals("cleared", cleared.get("state").asText(), "the first event after the restart is the tank clearing");
                assertEquals("LT-101", cleared.get("tag").asText());
                assertEquals(ids.get("LT-101"), cleared.get("id").asText());
                assertEquals(2, cleared.get("seq").asInt());
                List<Mqtt.Received> beforeSentinel = new ArrayList<>();
                for (Mqtt.Received r; !(r = room.next("alarm/")).topic().equals("alarm/demo/TF1/TT-101"); ) {
                    beforeSentinel.add(r);
                }
                assertEquals(List.of(), beforeSentinel, "nothing raised again, the gas alarm still latched, no point silent");
            }
            gw.kill(); // a clean stop is tested elsewhere; this saves the store's drain time
        }
    }
}
