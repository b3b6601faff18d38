package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.testing.DemoGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The foundation's promise, over real sockets: a data logger publishes with Paho, a control-room
 * client receives the alarm, the reading lands in the embedded QuestDB.
 */
class FoundationEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension static final DemoGateway demo = new DemoGateway();

    @Test
    void gasAboveLevel2RaisesARedAlarmForTheControlRoomAndTheReadingIsStored() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(demo.gateway().mqttPort(), "control-room").subscribe("alarm/#", 1);
             Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            Mqtt.Received r = room.next("alarm/demo/TF1/GT-101");
            JsonNode e = JSON.readTree(r.payload());
            assertEquals("raised", e.get("state").asText());
            assertEquals("red", e.get("colour").asText());
            assertEquals(4, e.get("level").asInt());
            assertEquals("L2", e.get("limitName").asText());
            assertEquals(60.0, e.get("value").asDouble());
            assertEquals(1, r.qos());

            // the tank's HH is its own instrument, the high-high level switch (GB 50074 §15.1)
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":1}]}", 1);
            JsonNode hh = JSON.readTree(room.next("alarm/demo/TF1/LSHH-101").payload());
            assertEquals("raised", hh.get("state").asText());
            assertEquals("HH", hh.get("limitName").asText());
            assertEquals("red", hh.get("colour").asText());
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"LSHH-101\",\"value\":0}]}", 1);
            JsonNode cleared = JSON.readTree(room.next("alarm/demo/TF1/LSHH-101").payload());
            assertEquals("cleared", cleared.get("state").asText());
            assertEquals(hh.get("id").asText(), cleared.get("id").asText());
        }
        long stored = Http.awaitCount(demo.gateway().storePort(), demo.gateway().storeCredentials(), "select count() from reading where tag in ('GT-101', 'LSHH-101')", 3);
        assertEquals(3, stored);
        assertEquals(3, Http.awaitCount(demo.gateway().storePort(), demo.gateway().storeCredentials(), "select count() from alarm_event where tag in ('GT-101', 'LSHH-101')", 3));
    }

    @Test
    void retainedStateAndHazardSourceColourAreThereForALateSubscriber() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-td1")) {
            dtu.publish("plant/demo/dtu-td1/telemetry", "{\"readings\":[{\"tag\":\"WL-01\",\"value\":155}]}", 1);
        }
        try (Mqtt.Client late = Mqtt.connect(demo.gateway().mqttPort(), "late-room")) {
            late.subscribe("risk/demo/TD1", 1);
            JsonNode risk = JSON.readTree(awaitRetained(late, "risk/demo/TD1", "orange").payload());
            assertEquals("orange", risk.get("colour").asText());
            assertEquals("tailings_dam", risk.get("kind").asText());
            late.subscribe("alarm-state/demo/TD1/WL-01", 1);
            Mqtt.Received state = late.next("alarm-state/demo/TD1/WL-01");
            assertTrue(state.retained());
            assertEquals("orange", JSON.readTree(state.payload()).get("colour").asText());
        }
    }

    @Test
    void aBadPayloadIsRefusedWithAReasonOnTheErrorsTopicAndNothingIsStored() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(demo.gateway().mqttPort(), "dtu-tf1").subscribe("plant/demo/dtu-tf1/errors", 0)) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":20},{\"tag\":\"TT-101\"}]}", 1);
            JsonNode err = JSON.readTree(dtu.next("plant/demo/dtu-tf1/errors").payload());
            assertEquals("readings[1]: missing 'value'", err.get("error").asText());
            assertEquals("invalid_payload", err.get("reason").asText());
            assertEquals("dtu-tf1", err.get("device").asText());
            assertEquals(false, err.get("accepted").asBoolean());
            // the broker is still fine for this client: a good message goes through
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":21}]}", 1);
        }
        assertEquals(1, Http.awaitCount(demo.gateway().storePort(), demo.gateway().storeCredentials(), "select count() from reading where tag = 'TT-101'", 1));
        assertTrue(demo.gateway().meters().scrape().contains("hazardgate_ingest_refused_total{reason=\"invalid_payload\"} 1.0"));
    }

    private static Mqtt.Received awaitRetained(Mqtt.Client c, String topic, String colour) throws InterruptedException {
        // the retained colour may be the start-up "green" if the event is still on its way; wait for the change
        while (true) {
            Mqtt.Received r = c.next(topic);
            if (r.payload().contains("\"colour\":\"" + colour + "\"")) return r;
        }
    }
}
