package io.hazardgate.southbound.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The gateway polls a real Modbus server (the library's own, on loopback) whose registers the test
 * changes: values become readings and alarms, a fault bit becomes a fault, and an exception code, a
 * silent device or a lost connection make the device faulty (no-data for its points) and never a
 * reading; it reconnects when the server is back. The same over RTU framing on a TCP socket.
 */
class ModbusPollingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static String site(int port, String framing) {
        return """
                site: sb
                hazardSources: [{id: TF1, kind: major_hazard}]
                devices:
                  - id: gas-ctl
                    modbus:
                      host: 127.0.0.1
                      port: %d
                      framing: %s
                      unit: 7
                      period: 200ms
                      timeout: 200ms
                      backoffMax: 400ms
                      points:
                        - {tag: GT-201, table: holding, address: 0, type: float32, order: CDAB}
                        - {tag: GT-202, table: holding, address: 2, type: int16, scale: 0.1,
                           fault: {table: holding, address: 10, bit: 3}}
                        - {tag: LT-201, table: input, address: 0, type: uint16, scale: 0.01, offset: -1}
                sensors:
                  - {tag: GT-201, source: TF1, device: gas-ctl, type: combustible_gas, period: 1s}
                  - {tag: GT-202, source: TF1, device: gas-ctl, type: combustible_gas, period: 1s}
                  - {tag: LT-201, source: TF1, device: gas-ctl, type: tank_level, period: 1s, limits: {H: 16, HH: 18}}
                """.formatted(port, framing);
    }

    @Test
    void pollsRegistersIntoReadingsAndFaultsNeverBecomeReadings() throws Exception {
        try (ModbusTestServer plc = ModbusTestServer.tcp(7)) {
            plc.holdingFloatCdab(0, 10.5f);
            plc.holding(2, 123);           // 12.3 %LEL
            plc.holding(10, 0);            // fault bits clear
            plc.input(0, 1100);            // 10 m
            try (Gateway gw = SouthboundGateway.start(dir, site(plc.port(), "tcp"), "");
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
                plc.input(0, 1800);        // 1800 × 0.01 − 1 = 17 m: above H
                JsonNode high = next(room, "LT-201", "threshold");
                assertEquals("H", high.get("limitName").asText());
                assertEquals(17.0, high.get("value").asDouble(), 1e-9, "uint16 × 0.01 − 1");
                assertEquals(10.5, latest(gw, "GT-201", v -> true), 1e-6, "float32 in CDAB order");
                assertEquals(12.3, latest(gw, "GT-202", v -> true), 1e-9, "int16 × 0.1");

                plc.holdingFloatCdab(0, 55f);
                JsonNode gas = next(room, "GT-201", "threshold");
                assertEquals("L2", gas.get("limitName").asText(), "a changed register is polled and raises the gas alarm");

                plc.holding(10, 1 << 3);
                JsonNode fault = next(room, "GT-202", "fault");
                assertEquals("raised", fault.get("state").asText(), "the status bit means the detector is faulty");

                plc.exceptionCode = 2; // illegal data address
                JsonNode offline = next(room, "GT-201", "no_data");
                assertEquals("raised", offline.get("state").asText(), "an exception code is a device fault: " + offline);
                double exceptions = SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_modbus_polls_total{outcome=\"exception\"}", 1);
                double accepted = SouthboundGateway.metric(gw, "hazardgate_southbound_messages_total{outcome=\"accepted\",protocol=\"modbus\"}");
                // the sentinel: three more polls answered with the exception code
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_modbus_polls_total{outcome=\"exception\"}", exceptions + 3);
                assertEquals(accepted, SouthboundGateway.metric(gw,
                        "hazardgate_southbound_messages_total{outcome=\"accepted\",protocol=\"modbus\"}"), "no reading from a faulty device");

                plc.exceptionCode = 0;
                JsonNode back = next(room, "GT-201", "no_data");
                assertEquals("cleared", back.get("state").asText(), "the first complete poll ends the fault");
            }
        }
    }

    @Test
    void aDeviceThatGoesAwayIsFaultyAndIsReconnectedWithBackoff() throws Exception {
        ModbusTestServer plc = ModbusTestServer.tcp(7);
        int port = plc.port();
        plc.holdingFloatCdab(0, 5f);
        plc.input(0, 500);
        try (Gateway gw = SouthboundGateway.start(dir, site(port, "tcp"), "");
             Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
            assertEquals(5.0, latest(gw, "GT-201", v -> true), 1e-6);
            plc.close();
            JsonNode offline = next(room, "GT-201", "no_data");
            assertEquals("raised", offline.get("state").asText());
            SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_modbus_connects_total{outcome=\"failed\"}", 2);
            assertEquals(1.0, SouthboundGateway.metric(gw, "hazardgate_southbound_modbus_devices{state=\"faulty\"}"));
        } finally {
            plc.close();
        }
    }

    @Test
    void aSilentDeviceTimesOut() throws Exception {
        try (ModbusTestServer plc = ModbusTestServer.tcp(7)) {
            plc.holdingFloatCdab(0, 5f);
            try (Gateway gw = SouthboundGateway.start(dir, site(plc.port(), "tcp"), "");
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb/#", 1)) {
                assertEquals(5.0, latest(gw, "GT-201", v -> true), 1e-6);
                plc.silent = true;
                assertEquals("raised", next(room, "GT-201", "no_data").get("state").asText());
                SouthboundGateway.awaitMetric(gw, "hazardgate_southbound_modbus_polls_total{outcome=\"timeout\"}", 1);
                plc.silent = false;
            }
        }
    }

    @Test
    void pollsRtuFramesOverTcpAndAppliesAChangedMapLive() throws Exception {
        try (ModbusTestServer dtu = ModbusTestServer.rtuOverTcp(7)) {
            dtu.holdingFloatCdab(0, 20f);
            dtu.holding(2, 77);
            try (Gateway gw = SouthboundGateway.start(dir, site(dtu.port(), "rtu-over-tcp"), "")) {
                assertEquals(20.0, latest(gw, "GT-201", v -> true), 1e-6, "RTU frames with CRC over a TCP socket");
                // GT-201 now reads register 2 as an int16
                Files.writeString(dir.resolve("site.yaml"), site(dtu.port(), "rtu-over-tcp")
                        .replace("{tag: GT-201, table: holding, address: 0, type: float32, order: CDAB}",
                                "{tag: GT-201, table: holding, address: 2, type: int16}"));
                SouthboundGateway.awaitMetric(gw, "hazardgate_config_reloads_total{outcome=\"applied\"}", 1);
                assertEquals(77.0, latest(gw, "GT-201", v -> v != 20.0), 1e-9, "the changed register map applies without a restart");
            }
        }
    }

    /** The next event of {@code kind} for {@code tag}, skipping others. */
    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }

    static double latest(Gateway gw, String tag, java.util.function.DoublePredicate wanted) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode n = JSON.readTree(Http.get("http://127.0.0.1:" + gw.httpPort() + "/api/sites/sb/sensors/" + tag).body());
            JsonNode v = n.path("latest").path("value");
            if (v.isNumber() && wanted.test(v.asDouble())) return v.asDouble();
            if (System.nanoTime() > deadline) throw new AssertionError("no reading of " + tag + ": " + n);
            Thread.sleep(20);
        }
    }
}
