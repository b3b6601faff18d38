package io.hazardgate.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.mqtt.Paho5;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A data logger writes only the points the site file gives it: the tank farm's logger cannot raise the dam's alarms. */
class ForeignPointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void theTankFarmLoggerPublishingTheDamsDisplacementIsRefusedAndRaisesNothing() throws Exception {
        int port = demo.gateway().mqttPort();
        try (Mqtt.Client room = Mqtt.connect(port, "foreign-room").subscribe("alarm/demo/TD1/#", 1);
             Paho5 tf1 = Paho5.connect("tcp://127.0.0.1:" + port, "dtu-tf1");
             Mqtt.Client td1 = Mqtt.connect(port, "dtu-td1")) {
            tf1.client.subscribe("plant/demo/dtu-tf1/errors", 0).waitForCompletion(10_000);
            MqttMessage m = new MqttMessage("{\"readings\":[{\"tag\":\"GNSS-01\",\"value\":95}]}".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            assertEquals(0x87, Paho5.codes(tf1.client.publish("plant/demo/dtu-tf1/telemetry", m))[0],
                    "MQTT 5: not authorized");
            JsonNode error = JSON.readTree(tf1.take().payload());
            assertEquals("foreign_point", error.get("reason").asText(), error.toString());
            assertEquals("dtu-tf1", error.get("device").asText());
            assertEquals("GNSS-01", error.get("tag").asText());
            assertTrue(error.get("error").asText().contains("dtu-td1"), "names the point's own logger: " + error);

            // the sentinel: the dam's own logger raises an alarm; it must be the first the dam has
            td1.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"WL-01\",\"value\":155}]}", 1);
            Mqtt.Received first = room.next("alarm/demo/TD1/");
            assertEquals("alarm/demo/TD1/WL-01", first.topic(), "no alarm on the dam from the tank farm's logger: " + first);
        }
        assertEquals(0, Http.count(demo.gateway().storePort(), demo.gateway().storeCredentials(), "select count() from reading where tag = 'GNSS-01'"));
        assertEquals(1.0, Http.metric(demo.gateway().httpPort(), "hazardgate_ingest_refused_total{reason=\"foreign_point\"}"));
    }

    @Test
    void aPointTheSiteFileGivesToTwoLoggersIsTakenFromEitherAndNoOther(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, """
                site: s
                hazardSources: [{id: T}]
                devices: [{id: a}, {id: b}, {id: c}]
                sensors:
                  - {tag: GT-1, source: T, device: a, alsoFrom: [b], type: combustible_gas}
                """, StandardCharsets.UTF_8);
        Path gateway = dir.resolve("gateway.yaml");
        Files.writeString(gateway, Files.readString(Configs.configDir().resolve("gateway.yaml"), StandardCharsets.UTF_8)
                .replace("- demo-plant.yaml", "- site.yaml"), StandardCharsets.UTF_8);
        try (Gateway g = Gateway.start(ConfigLoader.load(gateway).withMqttPort(0).withHttpPort(0).withStorePort(0)
                .withDataDir(dir.resolve("data")), Clock.systemUTC());
             Mqtt.Client room = Mqtt.connect(g.mqttPort(), "room").subscribe("alarm/s/T/GT-1", 1);
             Mqtt.Client b = Mqtt.connect(g.mqttPort(), "b");
             Mqtt.Client c = Mqtt.connect(g.mqttPort(), "c")) {
            c.publish("plant/s/c/telemetry", "{\"readings\":[{\"tag\":\"GT-1\",\"value\":60}]}", 1);
            b.publish("plant/s/b/telemetry", "{\"readings\":[{\"tag\":\"GT-1\",\"value\":30}]}", 1);
            JsonNode e = JSON.readTree(room.next("alarm/s/T/GT-1").payload());
            assertEquals(30.0, e.get("value").asDouble(), "the redundant logger's reading raised it, not the stranger's: " + e);
            assertEquals(1.0, Http.metric(g.httpPort(), "hazardgate_ingest_refused_total{reason=\"foreign_point\"}"));
        }
    }
}
