package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The standards' rules as the control room and the data loggers see them, over real sockets with Paho
 * against the gateway on the shipped demo plant: toxic gas in ppm from the MAC in mg/m³, the tank's HH
 * switch and its check against the level transmitter, the dam's derived freeboard and its monitoring
 * items adding up to the dam's warning, the two colours of a source, the order of the alarm list, a
 * logger that sends a derived point, and a bypass left on too long. The gateway runs on a hand-moved
 * clock; the test that moves it by hours runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandardsEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final TestClock clock = new TestClock(System.currentTimeMillis());
    static Path data;
    static Gateway gw;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("hazardgate-standards");
        gw = Gateway.start(TestGateway.config(data), clock);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (gw != null) gw.close();
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    static JsonNode json(Mqtt.Received r) throws Exception { return JSON.readTree(r.payload()); }

    static String readings(String... tagValues) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tagValues.length; i += 2) out.add("{\"tag\":\"" + tagValues[i] + "\",\"value\":" + tagValues[i + 1] + "}");
        return "{\"readings\":[" + String.join(",", out) + "]}";
    }

    @Test
    @Order(1)
    void anH2sDetectorInPpmRaisesLevel1AboveTheMacConvertedAndTheEventCarriesTheSourcesPriority() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room-h2s").subscribe("alarm/demo/TF1/GT-102", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1-h2s")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("GT-102", "7.0"), 1);
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("GT-102", "7.2"), 1);
            JsonNode e = json(room.next("alarm/demo/TF1/GT-102"));
            assertEquals("raised", e.get("state").asText());
            assertEquals(7.2, e.get("value").asDouble(), "7.0 ppm raised nothing: the first event is 7.2's");
            assertEquals("L1", e.get("limitName").asText());
            assertEquals("orange", e.get("colour").asText());
            assertEquals(7.054, e.get("limit").asDouble(), 0.001);
            assertEquals("ppm", e.get("unit").asText());
            assertEquals(2, e.get("priority").asInt(), "TF1 is a grade-2 major hazard source");
        }
    }

    @Test
    @Order(2)
    void theHighHighSwitchIsRedAndATransmitterThatReadsLowMakesADisagreeFault() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room-hh").subscribe("alarm/demo/TF1/LSHH-101", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1-hh")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("LT-101", "10", "LSHH-101", "1"), 1);
            JsonNode hh = json(room.next("alarm/demo/TF1/LSHH-101"));
            assertEquals("state", hh.get("rule").asText());
            assertEquals("HH", hh.get("limitName").asText());
            assertEquals("red", hh.get("colour").asText());
            clock.advance(61_000);
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("LT-101", "10", "LSHH-101", "1"), 1);
            JsonNode d = json(room.next("alarm/demo/TF1/LSHH-101"));
            assertEquals("disagree", d.get("rule").asText());
            assertEquals("fault", d.get("kind").asText());
            assertEquals("grey", d.get("colour").asText());
            assertTrue(d.get("message").asText().contains("switch tripped while LT-101 at 10 m is short of its set-point 18 m"),
                    d.get("message").asText());
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("LT-101", "10", "LSHH-101", "0"), 1);
            List<String> next = List.of(json(room.next("alarm/demo/TF1/LSHH-101")).get("rule").asText(),
                    json(room.next("alarm/demo/TF1/LSHH-101")).get("rule").asText());
            assertEquals(List.of("disagree", "state"), next.stream().sorted().toList(), "the switch resets and agrees again");
        }
    }

    @Test
    @Order(3)
    void theDamsItemsAddUpToItsWarningAndItsDerivedFreeboardGoesRedAtTheDesignMinimum() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room-dam").subscribe("risk/demo/TD1", 1).subscribe("alarm/demo/TD1/FB-01", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-td1-items")) {
            JsonNode calm = json(room.next("risk/demo/TD1"));
            assertEquals(3, calm.get("class").asInt());
            assertEquals("三等", calm.get("rank").asText());
            assertEquals("general", calm.get("assessedRisk").get("grade").asText());
            assertEquals("yellow", calm.get("assessedRisk").get("colour").asText(), "the assessed grade, whatever the alarms");
            assertEquals("green", calm.get("colour").asText());
            // three monitoring items at yellow: the phreatic line, the reservoir level, the 24 h rainfall
            dtu.publish("plant/demo/dtu-td1/telemetry", readings("PZ-01", "5.9", "WL-01", "152.5", "RG-01", "60"), 1);
            JsonNode orange = awaitRisk(room, "orange");
            assertEquals("3 monitoring items at yellow or above make the dam orange (GB 39496 §5.5.4)", orange.get("cause").asText());
            assertEquals("yellow", orange.get("assessedRisk").get("colour").asText(), "the assessed grade does not move with alarms");
            // the reservoir rises to 157 m: 0.5 m below the beach crest, under the 0.7 m minimum freeboard
            dtu.publish("plant/demo/dtu-td1/telemetry", readings("WL-01", "157"), 1);
            JsonNode fb = json(room.next("alarm/demo/TD1/FB-01"));
            assertEquals("red", fb.get("colour").asText());
            assertEquals(0.5, fb.get("value").asDouble(), 1e-9);
            assertEquals(0.7, fb.get("limit").asDouble(), 1e-9);
            assertEquals(3, fb.get("priority").asInt(), "TD1 is a class-3 dam");
            assertEquals("red", awaitRisk(room, "red").get("colour").asText());
        }
    }

    private static JsonNode awaitRisk(Mqtt.Client room, String colour) throws Exception {
        while (true) {
            JsonNode r = json(room.next("risk/demo/TD1"));
            if (r.get("colour").asText().equals(colour)) return r;
        }
    }

    @Test
    @Order(4)
    void theControlRoomListsHazardAlarmsOfHigherGradeSourcesFirstAndShowsBothColours() throws Exception {
        JsonNode alarms = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/alarms").body());
        List<String> order = new ArrayList<>();
        for (JsonNode a : alarms) {
            order.add(a.get("priority").asInt() + ":" + a.get("kind").asText() + ":" + a.get("tag").asText());
        }
        List<String> hazards = order.stream().filter(o -> o.contains(":threshold:") || o.contains(":trend:")).toList();
        assertTrue(hazards.size() >= 5, order.toString());
        assertEquals(hazards, order.subList(0, hazards.size()), "hazards before faults: " + order);
        assertTrue(hazards.get(0).startsWith("2:") && hazards.get(hazards.size() - 1).startsWith("3:"),
                "the grade-2 tank farm before the class-3 dam: " + order);
        JsonNode sites = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites").body());
        JsonNode tf1 = null;
        for (JsonNode s : sites.get(0).get("hazardSources")) {
            if (s.get("id").asText().equals("TF1")) tf1 = s;
        }
        assertEquals("较大风险", tf1.get("assessedRisk").get("name").asText());
        assertEquals("orange", tf1.get("assessedRisk").get("colour").asText());
        assertEquals("二级", tf1.get("rank").asText());
    }

    @Test
    @Order(5)
    void aLoggerThatSendsTheDerivedFreeboardIsRefusedAndToldWhy() throws Exception {
        try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-td1-fb").subscribe("plant/demo/dtu-td1/errors", 0)) {
            // no logger may report it: refused like another logger's point
            double before = Http.metric(gw.httpPort(), "hazardgate_ingest_refused_total{reason=\"foreign_point\"}");
            dtu.publish("plant/demo/dtu-td1/telemetry", readings("WL-01", "140", "FB-01", "17.5"), 1);
            JsonNode err = json(dtu.next("plant/demo/dtu-td1/errors"));
            assertEquals("readings[1]: tag 'FB-01' is computed by the gateway from another point (WL-01); devices do not send it",
                    err.get("error").asText());
            assertEquals("foreign_point", err.get("reason").asText());
            assertEquals("FB-01", err.get("tag").asText());
            assertEquals(before + 1, Http.metric(gw.httpPort(), "hazardgate_ingest_refused_total{reason=\"foreign_point\"}"));
        }
    }

    @Test
    @Order(6)
    void aBypassLeftOnLongerThanEightHoursTurnsOrangeWithoutAnotherReading() throws Exception {
        try (Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room-bp").subscribe("alarm/demo/TF1/BP-101", 1);
             Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1-bp")) {
            dtu.publish("plant/demo/dtu-tf1/telemetry", readings("BP-101", "1"), 1);
            JsonNode on;
            do {
                on = json(room.next("alarm/demo/TF1/BP-101"));
            } while (!on.get("rule").asText().equals("state")); // its no-data, from the clock moved earlier, clears first
            assertEquals("bypassed", on.get("limitName").asText());
            assertEquals("yellow", on.get("colour").asText());
            clock.advance(8 * 3_600_000L + 1000);
            JsonNode overdue;
            do {
                overdue = json(room.next("alarm/demo/TF1/BP-101"));
            } while (!overdue.get("state").asText().equals("escalated")); // ack_overdue and no_data come meanwhile
            assertEquals("maxBypass", overdue.get("limitName").asText());
            assertEquals("orange", overdue.get("colour").asText());
            assertTrue(overdue.get("message").asText().endsWith("bypassed for more than 8 h"), overdue.get("message").asText());
        }
    }
}
