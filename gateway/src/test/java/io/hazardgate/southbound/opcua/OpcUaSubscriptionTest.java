package io.hazardgate.southbound.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway subscribes to a real OPC UA server (Eclipse Milo's server SDK on loopback) whose variables
 * the test changes: changes become readings and alarms, a node's Bad status a fault (never a value), a
 * deadband keeps small changes away, a server that goes away makes the device faulty and a restarted
 * one gets a new session and a new subscription; a user logs in by password, and a corrected password
 * applies on reload.
 */
class OpcUaSubscriptionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static String site(OpcUaTestServer plc, String login) {
        return """
                site: sb
                hazardSources: [{id: TF1, kind: major_hazard}]
                devices:
                  - id: dcs
                    opcua:
                      endpoint: %1$s
                      security: {policy: None}   # this server offers no secure endpoint (see OpcUaSecurityTest)
                      publishingInterval: 100ms
                      reconnectMax: 1s
                %3$s
                      points:
                        - {tag: GT-301, node: "ns=%2$d;s=GT301", sampling: 50ms}
                        - {tag: LT-301, node: "ns=%2$d;s=LT301", sampling: 50ms, deadband: 50, scale: 0.01}
                sensors:
                  - {tag: GT-301, source: TF1, device: dcs, type: combustible_gas, period: 1s}
                  - {tag: LT-301, source: TF1, device: dcs, type: tank_level, period: 1s, limits: {H: 16, HH: 18}}
                """.formatted(plc.endpoint(), plc.ns(), login);
    }

    @Test
    void changesBecomeReadingsAndAlarmsAndABadStatusIsAFault() throws Exception {
        try (OpcUaTestServer plc = OpcUaTestServer.start(null, null, "GT301", "LT301")) {
            plc.set("GT301", 5);
            plc.set("LT301", 1000);
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, ""), "");
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
                assertEquals(5.0, latest(gw, "GT-301", v -> true), 1e-9);
                assertEquals(10.0, latest(gw, "LT-301", v -> true), 1e-9, "1000 × 0.01");

                plc.set("GT301", 30);
                JsonNode gas = next(room, "GT-301", "threshold");
                assertEquals("L1", gas.get("limitName").asText(), "a changed node raises the gas alarm");

                // 1020 is within LT301's deadband of 50 (node units): not sent; GT301's change is the sentinel
                plc.set("LT301", 1020);
                plc.set("GT301", 7);
                latest(gw, "GT-301", v -> v == 7);
                double notifications = SouthboundGateway.metric(gw, "hazardgate_southbound_opcua_notifications_total");
                plc.set("GT301", 8);
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_notifications_total", notifications + 1);
                assertEquals(10.0, latest(gw, "LT-301", v -> true), 1e-9, "a change within the deadband is not sent");
                plc.set("LT301", 1700);
                JsonNode high = next(room, "LT-301", "threshold");
                assertEquals("H", high.get("limitName").asText());
                assertEquals(17.0, high.get("value").asDouble(), 1e-9);

                plc.setStatus("GT301", new StatusCode(StatusCodes.Bad_SensorFailure));
                JsonNode fault = next(room, "GT-301", "fault");
                assertEquals("raised", fault.get("state").asText(), "a Bad status is the detector's fault: " + fault);
            }
        }
    }

    @Test
    void aServerThatGoesAwayIsADeviceFaultAndARestartedOneIsSubscribedAgain() throws Exception {
        OpcUaTestServer plc = OpcUaTestServer.start(null, null, "GT301", "LT301");
        int port = plc.port();
        plc.set("GT301", 3);
        try (Gateway gw = SouthboundGateway.start(dir, site(plc, ""), "");
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
            assertEquals(3.0, latest(gw, "GT-301", v -> true), 1e-9);
            plc.close();
            assertEquals("raised", next(room, "GT-301", "no_data").get("state").asText(), "a lost session is a device fault");
            assertEquals(1.0, SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_devices{state=\"faulty\"}", 1));

            plc = OpcUaTestServer.restart(port, "GT301", "LT301");
            plc.set("GT301", 4);
            assertEquals("cleared", next(room, "GT-301", "no_data").get("state").asText(), "the new session ends the fault");
            assertEquals(4.0, latest(gw, "GT-301", v -> v == 4), 1e-9, "the subscription is created again on the restarted server");
            plc.set("GT301", 6);
            assertEquals(6.0, latest(gw, "GT-301", v -> v == 6), 1e-9);
        } finally {
            plc.close();
        }
    }

    @Test
    void logsInWithAPasswordAndAWrongOneIsAFaultUntilTheSiteFileIsFixed() throws Exception {
        try (OpcUaTestServer plc = OpcUaTestServer.start("gateway", "s3cret", "GT301", "LT301")) {
            plc.set("GT301", 9);
            String wrong = "      username: gateway\n      password: wrong";
            try (Gateway gw = SouthboundGateway.start(dir, site(plc, wrong), "")) {
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_sessions_total{event=\"connect_failed\"}", 1);
                assertEquals(1.0, SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_devices{state=\"faulty\"}", 1),
                        "a refused login is a device fault");
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_opcua_sessions_total{event=\"connect_failed\"}", 2);
                JsonNode sensor = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites/sb/sensors/GT-301").body());
                assertEquals(true, sensor.path("latest").isNull(), "nothing read with a wrong password: " + sensor);
                assertEquals("no_data", sensor.path("status").asText(), "its points are in no-data at once: " + sensor);

                Files.writeString(dir.resolve("site.yaml"), site(plc, "      username: gateway\n      password: s3cret"));
                SouthboundGateway.awaitMetric(gw, "hazardgate_config_reloads_total{outcome=\"applied\"}", 1);
                assertEquals(9.0, latest(gw, "GT-301", v -> true), 1e-9, "the corrected password applies without a restart");
            }
        }
    }

    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }

    static double latest(Gateway gw, String tag, java.util.function.DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            JsonNode n = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites/sb/sensors/" + tag).body());
            JsonNode v = n.path("latest").path("value");
            if (v.isNumber() && wanted.test(v.asDouble())) return v.asDouble();
            if (System.nanoTime() > deadline) throw new AssertionError("no wanted reading of " + tag + ": " + n);
            Thread.sleep(20);
        }
    }
}
