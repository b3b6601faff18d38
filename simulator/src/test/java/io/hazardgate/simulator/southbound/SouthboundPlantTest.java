package io.hazardgate.simulator.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.device.ModbusDevice;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.telemetry.Quality;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.southbound.SouthboundGateway;
import io.hazardgate.testing.Mqtt;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator plays the southbound demo's loggers against the real gateway: the gas controller as a
 * Modbus server the gateway polls (values through the register map, a fault through its status bit),
 * the dam logger as an HJ 212 client whose packets the gateway answers; a DCS as the OPC UA server the
 * gateway subscribes to.
 */
class SouthboundPlantTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @Test
    void playsAModbusGasControllerAndAnHj212DamLogger() throws Exception {
        Path demo = Sites.DEMO_PLANT.getParent().resolve("demo-southbound.yaml");
        // the simulator's controller binds any free port (0); the gateway is then told where it is
        Site demoSite = ConfigLoader.loadSite(demo);
        Site site = new Site(demoSite.id(), demoSite.name(), demoSite.hazardSources(), demoSite.devices().stream().map(d -> {
            ModbusDevice m = d.modbus();
            if (m == null) return d;
            return new Device(d.id(), d.name(), null, new ModbusDevice(m.host(), 0, m.framing(), m.unitId(), m.period(), m.timeout(),
                    m.backoffMax(), m.points()), null, null, null);
        }).toList(), demoSite.sensors());
        InetSocketAddress[] listener = new InetSocketAddress[1];
        try (SouthboundSink sink = SouthboundSink.start(List.of(site), b -> { throw new AssertionError("no MQTT logger here"); },
                () -> listener[0])) {
            int port = sink.modbusPort("demo-sb", "gas-ctl-tf2");
            String gatewaySite = Files.readString(demo).replace("port: 1502", "port: " + port);
            try (Gateway gw = SouthboundGateway.start(dir, gatewaySite, "southbound: {hj212: {port: 0}}\n");
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/demo-sb/#", 1)) {
                listener[0] = new InetSocketAddress("127.0.0.1", gw.hj212Port());
                long now = System.currentTimeMillis();
                sink.send(new TelemetryBatch("demo-sb", "gas-ctl-tf2", now, List.of(Reading.of("GT-201", 55.5),
                        Reading.of("GT-202", 3), new Reading("GT-203", Double.NaN, Reading.MESSAGE_TS, Quality.BAD))));
                JsonNode gas = next(room, "GT-201", "threshold");
                assertEquals(55.5, gas.get("value").asDouble(), 1e-4, "float32 CDAB through the register map");
                assertEquals("raised", next(room, "GT-203", "fault").get("state").asText(), "a fault through its status bit");

                sink.send(new TelemetryBatch("demo-sb", "dam-logger-td2", now, List.of(Reading.of("WL-21", 157.0),
                        Reading.of("PZ-21", 10), Reading.of("RG-21", 0))));
                JsonNode level = next(room, "WL-21", "threshold");
                assertEquals("red", level.get("colour").asText());
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (sink.hj212Answered() < 1 && System.nanoTime() < deadline) Thread.sleep(20);
                assertEquals(1, sink.hj212Answered(), "the gateway answered the packet: " + sink.status());
                assertTrue(sink.status().contains("1 Modbus controllers served"), sink.status());
            }
        }
    }

    @Test
    void playsAnOpcUaDcsTheGatewaySubscribesTo() throws Exception {
        String siteYaml = """
                site: sb-opc
                hazardSources: [{id: TF3, kind: major_hazard}]
                devices:
                  - id: dcs-tf3
                    opcua:
                      endpoint: opc.tcp://127.0.0.1:%d/dcs
                      security: {policy: None}   # the simulator's servers offer no message security
                      username: hazardgate
                      password: demo-only
                      publishingInterval: 100ms
                      points:
                        - {tag: GT-301, node: "ns=2;s=TF3.GT301", sampling: 50ms}
                        - {tag: LT-301, node: "ns=3;s=TF3.LT301", sampling: 50ms, scale: 0.01}
                sensors:
                  - {tag: GT-301, source: TF3, device: dcs-tf3, type: combustible_gas, period: 1s}
                  - {tag: LT-301, source: TF3, device: dcs-tf3, type: tank_level, period: 1s, limits: {H: 16, HH: 18}}
                """;
        Path file = dir.resolve("sim-site.yaml");
        Files.writeString(file, siteYaml.formatted(0));
        Site site = ConfigLoader.loadSite(file);
        try (SouthboundSink sink = SouthboundSink.start(List.of(site), b -> { throw new AssertionError("no MQTT logger here"); },
                () -> null)) {
            int port = sink.opcuaPort("sb-opc", "dcs-tf3");
            try (Gateway gw = SouthboundGateway.start(dir, siteYaml.formatted(port), "");
                 Mqtt.Client room = Mqtt.connect(gw.mqttPort(), "room").subscribe("alarm/sb-opc/#", 1)) {
                long now = System.currentTimeMillis();
                sink.send(new TelemetryBatch("sb-opc", "dcs-tf3", now, List.of(Reading.of("GT-301", 30), Reading.of("LT-301", 17))));
                JsonNode gas = next(room, "alarm/sb-opc/", "GT-301", "threshold");
                assertEquals(30.0, gas.get("value").asDouble(), 1e-9, "the sampled value, read back by the gateway's subscription");
                JsonNode level = next(room, "alarm/sb-opc/", "LT-301", "threshold");
                assertEquals(17.0, level.get("value").asDouble(), 1e-9, "through the point's scale, both ways");
                sink.send(new TelemetryBatch("sb-opc", "dcs-tf3", now + 1000,
                        List.of(new Reading("GT-301", Double.NaN, Reading.MESSAGE_TS, Quality.BAD))));
                assertEquals("raised", next(room, "alarm/sb-opc/", "GT-301", "fault").get("state").asText(), "a fault as a Bad status");
                assertTrue(sink.status().contains("1 OPC UA servers served"), sink.status());
            }
        }
    }

    static JsonNode next(Mqtt.Client room, String prefix, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next(prefix).payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }

    static JsonNode next(Mqtt.Client room, String tag, String kind) throws Exception {
        while (true) {
            JsonNode e = JSON.readTree(room.next("alarm/demo-sb/").payload());
            if (e.get("tag").asText().equals(tag) && e.get("kind").asText().equals(kind)) return e;
        }
    }
}
