package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The http block's limits and host names, and the embedded store's login setting. */
class HttpAndStoreExposureConfigTest {
    @TempDir Path dir;

    private GatewayConfig load(String yaml) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml + "sites: [" + Configs.configDir().resolve("demo-plant.yaml") + "]\n");
        return ConfigLoader.load(file);
    }

    private ConfigException fails(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml));
    }

    @Test
    void httpTimeoutsAndHostNamesHaveSecureDefaultsAndCanBeSet() throws IOException {
        HttpSettings defaults = Configs.gateway().http();
        assertEquals(HttpSettings.DEFAULT_HEADER_TIMEOUT, defaults.headerTimeout());
        assertEquals(HttpSettings.DEFAULT_IDLE_TIMEOUT, defaults.idleTimeout());
        assertEquals(List.of(), defaults.allowedHosts());
        HttpSettings set = load("http: {host: 127.0.0.1, port: 8080, headerTimeout: 5s, idleTimeout: 2m, "
                + "allowedHosts: [HazardGate.plant.local]}\n").http();
        assertEquals(Duration.ofSeconds(5), set.headerTimeout());
        assertEquals(Duration.ofMinutes(2), set.idleTimeout());
        assertEquals(List.of("hazardgate.plant.local"), set.allowedHosts());
        assertEquals("http.allowedHosts[0]", fails("http: {allowedHosts: [\"http://x.example\"]}\n").field());
        assertEquals("http.headerTimeout", fails("http: {headerTimeout: 0s}\n").field());
    }

    @Test
    void theEmbeddedStoreWantsTheGeneratedLoginUnlessSwitchedOffOnLoopback() throws IOException {
        assertTrue(Configs.gateway().store().embeddedLogin());
        assertFalse(load("store: {embedded: {host: 127.0.0.1, port: 9000, auth: none}}\n").store().embeddedLogin());
        ConfigException e = fails("store: {embedded: {host: 0.0.0.0, port: 9000, auth: none}}\n");
        assertEquals("store.embedded.auth", e.field());
        assertTrue(e.reason().contains("loopback"), e.reason());
        assertEquals("store.embedded.auth", fails("store: {embedded: {auth: sometimes}}\n").field());
    }

    /** The PostgreSQL wire is off unless asked for, and never without the generated login (QuestDB's default is well known). */
    @Test
    void theStoresPostgresWireIsOffByDefaultAndNeverWithoutTheLogin() throws IOException {
        assertEquals(StoreSettings.PG_OFF, Configs.gateway().store().embeddedPgPort());
        assertEquals(8812, load("store: {embedded: {pgPort: 8812}}\n").store().embeddedPgPort());
        ConfigException e = fails("store: {embedded: {host: 127.0.0.1, auth: none, pgPort: 8812}}\n");
        assertEquals("store.embedded.pgPort", e.field());
        assertTrue(e.reason().contains("generated"), e.reason());
        assertEquals("store.embedded.pgPort", fails("store: {embedded: {pgPort: 70000}}\n").field());
    }
}
