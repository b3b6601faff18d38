package io.hazardgate.southbound.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A logger that publishes its vendor's flat JSON over MQTT raises the same alarm as one speaking the
 * gateway's JSON; its bad messages are refused on its errors topic and counted; a changed profile
 * applies live.
 */
class ProfileOverMqttTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = """
            site: sb
            hazardSources: [{id: TF1, kind: major_hazard}]
            payloads:
              - id: vendor
                readings: flat
                at: data
                time: {field: data.ts, unit: s}
                fields: {gas1: {tag: GT-101, scale: 0.1}}
            devices:
              - {id: dtu-a, payload: vendor}
            sensors:
              - {tag: GT-101, source: TF1, device: dtu-a, type: combustible_gas}
            """;
    @TempDir Path dir;

    @Test
    void aVendorShapeRaisesTheSameAlarmAndBadMessagesAreRefused() throws Exception {
        try (Gateway gw = SouthboundGateway.start(dir, SITE, "");
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-a").subscribe("plant/sb/dtu-a/errors", 0)) {
            long s = System.currentTimeMillis() / 1000;
            dtu.publish("plant/sb/dtu-a/telemetry", "{\"data\": {\"gas1\": 600, \"ts\": " + s + "}}", 1);
            JsonNode raised = JSON.readTree(room.next("alarm/sb/TF1/GT-101").payload());
            assertEquals("raised", raised.get("state").asText());
            assertEquals(60.0, raised.get("value").asDouble(), 1e-9, "600 × 0.1 = 60 %LEL");
            assertEquals("L2", raised.get("limitName").asText());

            dtu.publish("plant/sb/dtu-a/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":1}]}", 1);
            JsonNode refused = JSON.readTree(dtu.next("plant/sb/dtu-a/errors").payload());
            assertTrue(refused.get("error").asText().contains("missing 'data"), refused.toString());
            SouthboundGateway.awaitMetric(gw, "hazardgate_ingest_refused_total{reason=\"invalid_payload\"}", 1);

            // the profile changes live: now the gas value arrives as gas2, unscaled
            Files.writeString(dir.resolve("site.yaml"), SITE.replace("gas1: {tag: GT-101, scale: 0.1}", "gas2: {tag: GT-101}"));
            SouthboundGateway.awaitMetric(gw, "hazardgate_config_reloads_total{outcome=\"applied\"}", 1);
            dtu.publish("plant/sb/dtu-a/telemetry", "{\"data\": {\"gas2\": 30, \"ts\": " + (s + 1) + "}}", 1);
            assertEquals(30.0, latestOtherThan(gw, "GT-101", 60.0), 1e-9, "the new mapping applies without a restart");
        }
    }

    /** The latest value of {@code tag} the control room shows, once it is not {@code old}. */
    static double latestOtherThan(Gateway gw, String tag, double old) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode n = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites/sb/sensors/" + tag).body());
            JsonNode v = n.path("latest").path("value");
            if (v.isNumber() && v.asDouble() != old) return v.asDouble();
            if (System.nanoTime() > deadline) throw new AssertionError("no new reading of " + tag + ": " + n);
            Thread.sleep(20);
        }
    }
}
