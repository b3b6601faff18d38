package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code clock} section of gateway.yaml, and the site id reserved for the gateway's own alarms. */
class ClockConfigTest {
    @TempDir Path dir;

    private GatewayConfig load(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file);
    }

    @Test
    void defaultsCheckNtpAndReportJumpsOverTwoSecondsForTenMinutes() throws Exception {
        assertEquals(ClockSettings.DEFAULTS, load("sites: []\n").clock());
        assertEquals(new ClockSettings(true, Duration.ofSeconds(2), Duration.ofMinutes(10)), ClockSettings.DEFAULTS);
        assertEquals(new ClockSettings(false, Duration.ofMillis(500), Duration.ofHours(1)),
                load("clock: {ntpCheck: false, maxJump: 500ms, jumpHold: 1h}\nsites: []\n").clock());
    }

    @Test
    void aJumpThresholdOutOfRangeNamesFileFieldAndRange() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("clock: {maxJump: 10ms}\nsites: []\n"));
        assertEquals(dir.resolve("gateway.yaml") + ": clock.maxJump: must be between 100ms and 1h, got '10ms'", e.getMessage());
        assertThrows(ConfigException.class, () -> load("clock: {jumpHold: 5s}\nsites: []\n"));
        assertThrows(ConfigException.class, () -> load("clock: {ntp: false}\nsites: []\n"));
    }

    @Test
    void theGatewaysOwnSiteIdIsReserved() throws Exception {
        Files.writeString(dir.resolve("s.yaml"), "site: _gateway\nhazardSources: []\ndevices: []\nsensors: []\n");
        ConfigException e = assertThrows(ConfigException.class, () -> load("sites: [s.yaml]\n"));
        assertEquals(dir.resolve("s.yaml") + " (listed in " + dir.resolve("gateway.yaml") + ", sites[0]): site: '_gateway' is reserved for the gateway's own alarms (its clock)", e.getMessage());
    }
}
