package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code store.log} and {@code store.inFlight} settings of gateway.yaml. */
class StoreLogConfigTest {
    @TempDir
    Path dir;

    private StoreSettings load(String store) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, "store:\n" + store + "sites: []\n");
        return ConfigLoader.load(file).store();
    }

    @Test
    void defaultsToFsyncEveryBatchAndAnEightGigabyteBudget() throws Exception {
        StoreSettings s = load("  kind: questdb-embedded\n");
        assertEquals(LogSettings.DEFAULTS, s.log());
        assertEquals(FsyncPolicy.EVERY_BATCH, s.log().fsync());
        assertEquals(8L << 30, s.log().maxBytes());
        assertEquals(StoreSettings.DEFAULT_IN_FLIGHT, s.inFlight());
    }

    @Test
    void readsEveryLogSetting() throws Exception {
        StoreSettings s = load("  inFlight: 8\n  log: {fsync: interval, fsyncInterval: 200ms, maxSize: 2GB, maxAge: 6h}\n");
        assertEquals(new LogSettings(FsyncPolicy.INTERVAL, Duration.ofMillis(200), 2L << 30, Duration.ofHours(6)), s.log());
        assertEquals(8, s.inFlight());
    }

    @Test
    void namesFileFieldAndReasonForABadFsyncPolicy() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("  log: {fsync: sometimes}\n"));
        assertTrue(e.getMessage().contains("gateway.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("store.log.fsync"), e.getMessage());
        assertTrue(e.getMessage().contains("every-batch, interval or os"), e.getMessage());
    }

    @Test
    void refusesABudgetTooSmallOrMalformed() {
        ConfigException small = assertThrows(ConfigException.class, () -> load("  log: {maxSize: 10MB}\n"));
        assertTrue(small.getMessage().contains("store.log.maxSize"), small.getMessage());
        assertTrue(small.getMessage().contains("at least 64MB"), small.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> load("  log: {maxSize: lots}\n"));
        assertTrue(bad.getMessage().contains("like 512MB or 8GB"), bad.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> load("  log: {maxSise: 1GB}\n"));
        assertTrue(unknown.getMessage().contains("store.log.maxSise"), unknown.getMessage());
        ConfigException inFlight = assertThrows(ConfigException.class, () -> load("  inFlight: 0\n"));
        assertTrue(inFlight.getMessage().contains("store.inFlight"), inFlight.getMessage());
    }
}
