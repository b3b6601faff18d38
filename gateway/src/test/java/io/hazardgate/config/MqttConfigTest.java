package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttListenerSettings;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mqtt block of gateway.yaml: listeners, anonymous access, users, the access model, limits. */
class MqttConfigTest {
    private static final String HASH = PasswordHash.create("secret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

    @TempDir Path dir;

    @BeforeEach
    void siteAndCertificates() throws IOException {
        Files.copy(Configs.configDir().resolve("demo-plant.yaml"), dir.resolve("demo-plant.yaml"));
        Files.copy(Configs.configDir().resolve("demo-plant-layout.svg"), dir.resolve("demo-plant-layout.svg"));
        Files.createDirectories(dir.resolve("certs"));
        for (String f : List.of("server.pem", "server.key", "ca.pem")) {
            Files.writeString(dir.resolve("certs").resolve(f), "placeholder: only existence is checked at load\n");
        }
    }

    @Test
    void shorthandIsOnePlainTcpListenerAnonymousOnLoopback() {
        MqttSettings m = Configs.gateway().mqtt();
        assertEquals(1, m.listeners().size());
        assertEquals("tcp", m.listeners().get(0).type());
        assertEquals("127.0.0.1", m.host());
        assertEquals(1883, m.port());
        assertTrue(m.anonymousOn(m.primary()));
        assertFalse(m.isOpen());
    }

    @Test
    void readsListenersUsersAndLimitsWithCertificatePathsRelativeToTheConfigFile() throws IOException {
        MqttSettings m = load("""
                mqtt:
                  listeners:
                    - {type: tls, host: 0.0.0.0, port: 8883, cert: certs/server.pem, key: certs/server.key, clientCa: certs/ca.pem, requireClientCert: false}
                    - {type: tcp, host: 127.0.0.1, port: 1883}
                    - {type: ws, host: 127.0.0.1, port: 8083}
                  allowAnonymous: true
                  users:
                    - {name: dtu-tf1, passwordHash: "%s", role: device, site: demo, device: dtu-tf1}
                    - {name: operator1, passwordHash: "%s", role: consumer, sites: [demo]}
                    - {name: ops, role: admin}
                  limits: {maxPacketSize: 256KB, maxConnectionsPerSecondPerIp: 20, connectTimeout: 5s}
                """.formatted(HASH, HASH));
        MqttListenerSettings tls = m.listeners().get(0);
        assertEquals(dir.resolve("certs/server.pem"), tls.cert());
        assertEquals(dir.resolve("certs/ca.pem"), tls.clientCa());
        assertEquals("CN", tls.identityField());
        assertEquals("/mqtt", m.listeners().get(2).path());
        assertEquals(1883, m.port(), "the main listener is the first plain TCP one");
        assertFalse(m.anonymousOn(tls), "anonymous access is for loopback listeners only");
        assertTrue(m.anonymousOn(m.listeners().get(1)));
        assertEquals(3, m.users().size());
        assertEquals("demo", m.users().get(0).site());
        assertNull(m.users().get(2).passwordHash());
        assertEquals(256 * 1024, m.server().maxPacketSizeBytes());
        assertEquals(20, m.server().maxConnectionsPerSecondPerIp());
        assertEquals(Duration.ofSeconds(5), m.server().connectTimeout());
        assertEquals(MqttServerConfig.DEFAULT_MAX_QUEUED_MESSAGES, m.server().maxQueuedMessages(), "unset keeps the default");
        assertEquals(8884, m.withPort(8884).listeners().get(1).port(), "--mqtt-port moves the main listener");
        assertEquals(8883, m.withPort(8884).listeners().get(0).port());
    }

    @Test
    void networkListenerWithoutUsersFailsNamingAllowAnonymousOnNetwork() throws IOException {
        ConfigException e = loadFails("mqtt: {host: 0.0.0.0, port: 1883}\n");
        assertEquals("mqtt.allowAnonymousOnNetwork", e.field());
        assertTrue(e.reason().contains("no users are configured"), e.reason());
        MqttSettings open = load(("mqtt: {host: 0.0.0.0, port: 1883, allowAnonymousOnNetwork: true, "
                + "users: [{name: ops, passwordHash: \"%s\", role: admin}]}\n").formatted(HASH));
        assertTrue(open.anonymousOn(open.primary()));
    }

    @Test
    void readsTheResourceLimitsAndWebSocketOriginsAndRefusesBadOnes() throws IOException {
        MqttSettings m = load("""
                mqtt:
                  listeners:
                    - {type: tcp, host: 127.0.0.1, port: 1883}
                    - {type: ws, host: 127.0.0.1, port: 8083, allowedOrigins: ["https://scada.plant.example", "http://10.0.0.5:8080"]}
                  limits: {maxSessionExpiry: 2d, maxQueuedBytesTotal: 64MB, maxPartialPacketBytes: 16MB, maxKeepAlive: 300}
                """);
        assertEquals(java.time.Duration.ofDays(2), m.server().maxSessionExpiry());
        assertEquals(64L << 20, m.server().maxQueuedBytesTotal());
        assertEquals(16L << 20, m.server().maxPartialPacketBytes());
        assertEquals(List.of("https://scada.plant.example", "http://10.0.0.5:8080"), m.listeners().get(1).allowedOrigins());
        assertEquals("mqtt.listeners[0].allowedOrigins", loadFails(
                "mqtt: {listeners: [{type: tcp, port: 1, allowedOrigins: [\"http://a\"]}]}\n").field(), "WebSocket only");
        assertEquals("mqtt.listeners[0].allowedOrigins[0]", loadFails(
                "mqtt: {listeners: [{type: ws, port: 1, allowedOrigins: [\"https://a/path\"]}]}\n").field());
        assertEquals("mqtt.limits.maxPartialPacketBytes", loadFails(
                "mqtt: {limits: {maxPacketSize: 1MB, maxPartialPacketBytes: 512KB}}\n").field());
        assertEquals("mqtt.limits.maxSessionExpiry", loadFails("mqtt: {limits: {maxSessionExpiry: 500ms}}\n").field());
    }

    @Test
    void anonymousListenerOnTheNetworkNeedsTheExplicitSwitch() throws IOException {
        ConfigException e = loadFails("""
                mqtt:
                  listeners: [{type: tcp, host: 0.0.0.0, port: 1883, allowAnonymous: true}]
                  users: [{name: ops, passwordHash: "%s", role: admin}]
                """.formatted(HASH));
        assertEquals("mqtt.listeners[0].allowAnonymous", e.field());
    }

    @Test
    void refusesBadListenersAndUsersNamingTheField() throws IOException {
        assertEquals("mqtt.listeners[0].cert", loadFails(
                "mqtt: {listeners: [{type: tls, port: 8883, cert: certs/missing.pem, key: certs/server.key}]}\n").field());
        assertEquals("mqtt.listeners[0].key", loadFails(
                "mqtt: {listeners: [{type: tls, port: 8883, cert: certs/server.pem}]}\n").field());
        assertEquals("mqtt.listeners[0].requireClientCert", loadFails("mqtt: {listeners: [{type: tls, port: 8883, "
                + "cert: certs/server.pem, key: certs/server.key, requireClientCert: true}]}\n").field());
        assertEquals("mqtt.listeners[0].type", loadFails("mqtt: {listeners: [{type: quic, port: 1}]}\n").field());
        assertEquals("mqtt.listeners[0].path", loadFails("mqtt: {listeners: [{type: tcp, port: 1, path: /mqtt}]}\n").field());
        assertEquals("mqtt.listeners", loadFails("mqtt: {port: 1, listeners: [{type: tcp, port: 2}]}\n").field());
        assertEquals("mqtt.users[0].passwordHash", loadFails(
                "mqtt: {users: [{name: a, passwordHash: plain-text, role: admin}]}\n").field());
        assertEquals("mqtt.users[0].role", loadFails(
                "mqtt: {users: [{name: a, passwordHash: \"" + HASH + "\", role: root}]}\n").field());
        assertEquals("mqtt.users[0].site", loadFails("mqtt: {users: [{name: a, passwordHash: \"" + HASH
                + "\", role: device, site: elsewhere, device: d1}]}\n").field());
        assertEquals("mqtt.users[1].name", loadFails("mqtt: {users: [{name: a, role: admin}, {name: a, role: admin}]}\n").field());
        assertEquals("mqtt.denySubscribe", loadFails("mqtt: {denySubscribe: [a]}\n").field());
    }

    @Test
    void refusesLimitsOutOfRangeNamingTheKeyAndTheRange() throws IOException {
        ConfigException tooSmall = loadFails("mqtt: {limits: {maxPacketSize: 1B}}\n");
        assertEquals("mqtt.limits.maxPacketSize", tooSmall.field());
        assertTrue(tooSmall.reason().contains("between 16 and " + MqttServerConfig.PROTOCOL_MAX_PACKET_SIZE), tooSmall.reason());
        assertEquals("mqtt.limits.maxPacketSize", loadFails("mqtt: {limits: {maxPacketSize: 8GB}}\n").field());
        assertEquals("mqtt.limits.maxInflight", loadFails("mqtt: {limits: {maxInflight: 0}}\n").field());
        assertEquals("mqtt.limits.receiveMaximum", loadFails("mqtt: {limits: {receiveMaximum: 65536}}\n").field());
        assertEquals("mqtt.limits.maxKeepAlive", loadFails("mqtt: {limits: {maxKeepAlive: -1}}\n").field());
        assertEquals("mqtt.limits.topicAliasMaximum", loadFails("mqtt: {limits: {topicAliasMaximum: 70000}}\n").field());
        assertEquals("mqtt.limits.connectTimeout", loadFails("mqtt: {limits: {connectTimeout: 0s}}\n").field());
        assertEquals("mqtt.limits.failedLoginMaxDelay", loadFails("mqtt: {limits: {failedLoginMaxDelay: 0s}}\n").field());
        assertEquals("mqtt.limits.maxQueuedBytes", loadFails("mqtt: {limits: {maxQueuedBytes: 0B}}\n").field());
        assertEquals("mqtt.limits.bogus", loadFails("mqtt: {limits: {bogus: 1}}\n").field());
    }

    @Test
    void openProfileLoadsWithNoSites() {
        GatewayConfig c = ConfigLoader.load(Configs.configDir().resolve("broker-open.yaml"));
        assertTrue(c.sites().isEmpty());
        assertTrue(c.mqtt().isOpen());
        assertEquals(List.of("test/nosubscribe"), c.mqtt().deniedFilters());
        assertTrue(c.mqtt().anonymousOn(c.mqtt().primary()));
    }

    private MqttSettings load(String mqttYaml) throws IOException {
        return ConfigLoader.load(write(mqttYaml)).mqtt();
    }

    private ConfigException loadFails(String mqttYaml) throws IOException {
        Path file = write(mqttYaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file.toString(), e.file());
        return e;
    }

    private Path write(String mqttYaml) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, mqttYaml + "sites: [demo-plant.yaml]\n");
        return file;
    }
}
