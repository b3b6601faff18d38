package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.device.RegisterPoint;
import io.hazardgate.config.device.OpcUaDevice;
import io.hazardgate.config.site.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Device protocol blocks in a site file: what loads, and errors that name the device and the field. */
class DeviceConfigTest {
    static final String HEAD = """
            site: sb
            hazardSources: [{id: TF1, kind: major_hazard}]
            """;
    static final String SENSORS = """
            sensors:
              - {tag: GT-1, source: TF1, device: plc, type: combustible_gas}
              - {tag: PT-1, source: TF1, device: plc, type: pressure, unit: kPa}
              - {tag: LT-1, source: TF1, device: other, type: tank_level}
            """;
    @TempDir Path dir;

    Site load(String devices) throws Exception {
        Path f = dir.resolve("sb.yaml");
        Files.writeString(f, HEAD + devices + SENSORS);
        return ConfigLoader.loadSite(f);
    }

    String error(String devices) {
        return assertThrows(ConfigException.class, () -> load(devices)).getMessage();
    }

    @Test
    void loadsAModbusMapWithDefaults() throws Exception {
        Site s = load("""
                devices:
                  - id: plc
                    modbus:
                      host: 127.0.0.1
                      points:
                        - {tag: GT-1, address: 4, type: float32, order: CDAB}
                        - {tag: PT-1, table: input, address: 0, type: int16, scale: 0.1, fault: {address: 9, bit: 2, active: low}}
                  - {id: other}
                """);
        var m = s.devices().get(0).modbus();
        assertEquals(502, m.port());
        assertEquals(1, m.unitId());
        assertEquals(RegisterPoint.Table.HOLDING, m.points().get(0).table());
        assertEquals(RegisterPoint.ByteOrder.CDAB, m.points().get(0).order());
        assertEquals(RegisterPoint.Table.INPUT, m.points().get(1).fault().table(), "a fault bit defaults to its value's table");
        assertEquals(false, m.points().get(1).fault().activeHigh());
    }

    @Test
    void namesTheDeviceAndTheFieldOfAnError() {
        String e = error("""
                devices:
                  - id: plc
                    modbus: {host: h, points: [{tag: LT-1, address: 0}]}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0].modbus.points[0].tag") && e.contains("belongs to device 'other', not 'plc'"), e);

        e = error("""
                devices:
                  - id: plc
                    modbus: {host: h, points: [{tag: GT-1, address: 0, type: bool}]}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0].modbus.points[0].type") && e.contains("bool applies to coils"), e);

        e = error("""
                devices:
                  - id: plc
                    modbus: {host: h, period: 1s, timeout: 2s, points: [{tag: GT-1, address: 0}]}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0].modbus.timeout") && e.contains("at most the poll period"), e);

        e = error("""
                devices:
                  - {id: plc, payload: nope}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0].payload") && e.contains("unknown payload profile 'nope'"), e);

        e = error("""
                payloads:
                  - {id: p, fields: {press: {tag: PT-1, unit: mm}}}
                devices:
                  - {id: plc, payload: p}
                  - {id: other}
                """);
        assertTrue(e.contains("payloads[0].fields.press.unit") && e.contains("'mm' does not convert to 'kPa'"), e);

        e = error("""
                devices:
                  - id: plc
                    hj212: {mn: "MN 1", password: "123456"}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0].hj212.mn"), e);

        e = error("""
                devices:
                  - id: plc
                    hj212: {mn: M1, password: "123456"}
                    modbus: {host: h, points: [{tag: GT-1, address: 0}]}
                  - {id: other}
                """);
        assertTrue(e.contains("devices[0]") && e.contains("only one of payload (MQTT), modbus, hj212, sparkplug and opcua"), e);
    }

    @Test
    void loadsAnOpcUaBlockAndNamesTheFieldOfItsErrors() throws Exception {
        Site s = load("""
                devices:
                  - id: plc
                    opcua:
                      endpoint: opc.tcp://10.0.0.5:4840/dcs
                      username: gateway
                      password: secret
                      points:
                        - {tag: GT-1, node: "ns=2;s=Gas.GT1", sampling: 500ms, deadband: 0.5}
                        - {tag: PT-1, node: "ns=3;i=1002", scale: 0.001}
                  - {id: other}
                """);
        var o = s.devices().get(0).opcua();
        assertEquals("ns=2;s=Gas.GT1", o.points().get(0).nodeId());
        assertEquals(0.5, o.points().get(0).deadband());
        assertEquals(java.time.Duration.ofSeconds(1), o.publishingInterval());
        assertTrue(!o.toString().contains("secret"), "no password in logs: " + o);
        assertEquals(OpcUaDevice.Policy.Basic256Sha256, o.policy(), "secure unless the site file says None");
        assertEquals(OpcUaDevice.Mode.SignAndEncrypt, o.mode());

        String node = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://10.0.0.5:4840", points: [{tag: GT-1, node: "Gas.GT1"}]}
                  - {id: other}
                """);
        assertTrue(node.contains("node") && node.contains("Gas.GT1") && node.contains("sb.yaml"), node);
        String scheme = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "http://10.0.0.5", points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(scheme.contains("endpoint") && scheme.contains("opc.tcp://"), scheme);
        String lonePassword = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", password: x, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(lonePassword.contains("password") && lonePassword.contains("together"), lonePassword);
        String foreign = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", points: [{tag: LT-1, node: "ns=2;s=L"}]}
                  - {id: other}
                """);
        assertTrue(foreign.contains("LT-1") && foreign.contains("other"), foreign);
        String two = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", points: [{tag: GT-1, node: "ns=2;s=L"}]}
                    modbus: {host: 127.0.0.1, points: [{tag: PT-1, address: 0}]}
                  - {id: other}
                """);
        assertTrue(two.contains("only one of") && two.contains("opcua"), two);
    }

    @Test
    void securityAndUserCertificatesOfAnOpcUaDeviceAreCheckedAtLoad() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("op.pem"), "certificate");
        java.nio.file.Files.writeString(dir.resolve("op.key"), "key");
        String thumb = "ab:".repeat(31) + "ab";
        Site s = load("""
                devices:
                  - id: plc
                    opcua:
                      endpoint: opc.tcp://10.0.0.5:4840/dcs
                      security: {policy: Aes128_Sha256_RsaOaep, mode: Sign, serverThumbprint: "%s"}
                      userCertificate: op.pem
                      userKey: op.key
                      points: [{tag: GT-1, node: "ns=2;s=G"}]
                  - {id: other}
                """.formatted(thumb));
        var o = s.devices().get(0).opcua();
        assertEquals(OpcUaDevice.Policy.Aes128_Sha256_RsaOaep, o.policy());
        assertEquals(OpcUaDevice.Mode.Sign, o.mode());
        assertEquals("AB".repeat(32), o.serverThumbprint(), "colons and case do not matter");
        assertEquals(dir.resolve("op.pem").toAbsolutePath(), o.userCertificate(), "relative to the site file");
        assertEquals(OpcUaDevice.Login.CERTIFICATE, o.login());

        var none = load("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", security: {policy: None}, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """).devices().get(0).opcua();
        assertEquals(OpcUaDevice.Mode.None, none.mode(), "policy None means mode None");

        String mismatch = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", security: {policy: None, mode: SignAndEncrypt}, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(mismatch.contains("security.mode") && mismatch.contains("policy None"), mismatch);
        String deprecated = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", security: {policy: Basic128Rsa15}, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(deprecated.contains("security.policy") && deprecated.contains("Basic256Sha256"), deprecated);
        String badThumb = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", security: {serverThumbprint: "12ab"}, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(badThumb.contains("serverThumbprint") && badThumb.contains("64 hex"), badThumb);
        String missing = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", userCertificate: nowhere.pem, userKey: op.key, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(missing.contains("userCertificate") && missing.contains("nowhere.pem"), missing);
        String loneKey = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", userKey: op.key, points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(loneKey.contains("userCertificate") && loneKey.contains("together"), loneKey);
        String both = error("""
                devices:
                  - id: plc
                    opcua: {endpoint: "opc.tcp://h:4840", username: u, password: p, userCertificate: op.pem, userKey: op.key,
                            points: [{tag: GT-1, node: "ns=2;s=G"}]}
                  - {id: other}
                """);
        assertTrue(both.contains("either by username or by userCertificate"), both);
    }
}
