package io.hazardgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigException;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that other machines can reach does not start on the demo's published password or with no
 * accounts at all; it says which setting to change. On loopback the demo stays one command away.
 */
class StartupGuardsTest {
    @TempDir Path dir;

    /** The shipped {@code mqtt} block: the demo operator and its published password's hash. */
    private static String shippedMqttUsers() throws IOException {
        String shipped = Files.readString(Configs.configDir().resolve("gateway.yaml"), StandardCharsets.UTF_8);
        int start = shipped.indexOf("  users:");
        int end = shipped.indexOf("\nhttp:");
        return shipped.substring(start, end + 1);
    }

    private GatewayConfig load(String yaml) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml + "sites: [" + Configs.configDir().resolve("demo-plant.yaml") + "]\n", StandardCharsets.UTF_8);
        return ConfigLoader.load(file);
    }

    @Test
    void theDemoPasswordHashIsRefusedOnAnHttpPortOthersCanReach() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("mqtt:\n  host: 127.0.0.1\n  port: 1883\n"
                + shippedMqttUsers() + "http: {host: 0.0.0.0, port: 8080}\n"));
        assertEquals("mqtt.users[0].passwordHash", e.field(), e.getMessage());
        assertTrue(e.reason().contains("hash-password") && e.reason().contains("0.0.0.0"), e.getMessage());
    }

    @Test
    void theDemoPasswordHashIsRefusedOnAnMqttListenerOthersCanReach() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("mqtt:\n  host: 0.0.0.0\n  port: 1883\n"
                + shippedMqttUsers()));
        assertEquals("mqtt.users[0].passwordHash", e.field(), e.getMessage());
    }

    @Test
    void anHttpPortOthersCanReachNeedsUsers() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("http: {host: 0.0.0.0, port: 8080}\n"));
        assertEquals("mqtt.users", e.field(), e.getMessage());
        assertTrue(e.reason().contains("http.host"), e.getMessage());
    }

    @Test
    void anMqttListenerOthersCanReachNeedsUsersEvenWhenAnonymousClientsAreAllowedThere() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(
                "mqtt: {host: 0.0.0.0, port: 1883, allowAnonymousOnNetwork: true}\n"));
        assertEquals("mqtt.users", e.field(), e.getMessage());
    }

    @Test
    void onLoopbackTheDemoConfigStarts() {
        GatewayConfig shipped = Configs.gateway();
        assertEquals("127.0.0.1", shipped.http().host());
        assertEquals(1, shipped.mqtt().users().size());
    }
}
