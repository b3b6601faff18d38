package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Editing a site file changes the running rules without a restart; an invalid edit is rejected and the
 * running rules stay. Sensors whose configuration did not change keep their state.
 */
class LiveReloadTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @Test
    void aChangedLimitAppliesLiveAndAnInvalidOneIsRejected() throws Exception {
        Files.copy(Configs.configDir().resolve("gateway.yaml"), dir.resolve("gateway.yaml"));
        Path site = dir.resolve("demo-plant.yaml");
        Files.copy(Configs.configDir().resolve("demo-plant.yaml"), site);
        Files.copy(Configs.configDir().resolve("demo-plant-layout.svg"), dir.resolve("demo-plant-layout.svg"));
        String original = Files.readString(site);
        try (Gateway gw = Gateway.start(ConfigLoader.load(dir.resolve("gateway.yaml")).withMqttPort(0).withHttpPort(0)
                .withStorePort(0).withDataDir(dir.resolve("data")), Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/demo/TF1/+", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":17},{\"tag\":\"GT-101\",\"value\":30}]}", 1);
            JsonNode tank = null;
            for (int i = 0; i < 2; i++) {
                JsonNode e = JSON.readTree(room.next("alarm/").payload());
                if (e.get("tag").asText().equals("LT-101")) tank = e;
            }
            assertEquals("H", tank.get("limitName").asText());

            Files.writeString(site, original.replace("limits: {H: 16, L: 2}", "limits: {H: 17.5, L: 2}"));
            awaitMetric(gw, "hazardgate_config_reloads_total{outcome=\"applied\"} 1.0");
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":17},{\"tag\":\"GT-101\",\"value\":30}]}", 1);
            JsonNode cleared = JSON.readTree(room.next("alarm/").payload());
            assertEquals("cleared", cleared.get("state").asText(), "17 m is below the new H of 17.5 m");
            assertEquals(tank.get("id").asText(), cleared.get("id").asText(), "the same alarm, carried over the reload");

            Files.writeString(site, original.replace("limits: {H: 16, L: 2}", "limits: {H: 19, HH: 18, L: 2}"));
            awaitMetric(gw, "hazardgate_config_reloads_total{outcome=\"rejected\"} 1.0");
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LT-101\",\"value\":17.6}]}", 1);
            JsonNode raised = JSON.readTree(room.next("alarm/").payload());
            assertEquals("raised", raised.get("state").asText());
            assertEquals(17.5, raised.get("limit").asDouble(), "the rules from before the invalid edit are still running");
            assertTrue(room.received.isEmpty(), "the unchanged gas detector kept its latched alarm: not raised again " + room.received);
            assertEquals(1, gw.alarms().activeAlarms().stream().filter(a -> a.tag().equals("GT-101")).count());
        }
    }

    static void awaitMetric(Gateway gw, String line) throws InterruptedException {
        Await.until("'" + line + "' in /metrics", () -> gw.meters().scrape().contains(line));
    }
}
