package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    @Test
    void shippedConfigLoadsWithTheDemoPlant() {
        GatewayConfig c = Configs.gateway();
        assertEquals(1883, c.mqtt().port());
        assertEquals(8080, c.http().port());
        assertEquals(9000, c.store().embedded().port());
        assertTrue(c.store().isEmbedded());
        Site demo = c.site("demo");
        assertTrue(demo.sensorsByTag().keySet().containsAll(java.util.List.of("GT-101", "LT-101", "LSHH-101", "GNSS-01", "FB-01")));
        assertEquals(2, demo.hazardSources().size());
        assertEquals(2, demo.hazardSource("TF1").grade());
        assertEquals(3, demo.hazardSource("TD1").damClass(), "a tailings dam has a class (等), not a grade");
        assertEquals(0, demo.hazardSource("TD1").grade());
    }

    @Test
    void gasPresetGivesLevel1OrangeAt25AndLevel2RedAt50() {
        Sensor gt = Configs.demoPlant().sensorsByTag().get("GT-101");
        assertEquals(2, gt.limits().size());
        assertEquals(new ThresholdLimit("L1", Direction.HIGH, 3, 25, 0.5), gt.limits().get(0));
        assertEquals(new ThresholdLimit("L2", Direction.HIGH, 4, 50, 1.0), gt.limits().get(1));
        assertEquals(RiskColour.ORANGE, gt.limits().get(0).colour());
        assertTrue(gt.latched(), "gas alarms latch by default");
    }

    @Test
    void toxicGasLimitsAreOneAndTwoTimesTheOelInTheDetectorsUnit() {
        // H2S: MAC 10 mg/m3 = 10 × 24.04 / 34.08 ppm at 20 °C, 101.325 kPa
        Sensor h2s = Configs.demoPlant().sensorsByTag().get("GT-102");
        assertEquals("ppm", h2s.unit());
        assertEquals(7.054, h2s.limits().get(0).value(), 0.001);
        assertEquals(14.108, h2s.limits().get(1).value(), 0.001);
        Sensor benzene = Configs.demoPlant().sensorsByTag().get("GT-103");
        assertEquals("mg/m3", benzene.unit());
        assertEquals(6, benzene.limits().get(0).value(), 1e-9);
        assertEquals(12, benzene.limits().get(1).value(), 1e-9);
    }

    @Test
    void tankLevelHasYellowHAndLAndItsHHAndLLAreSwitchesOfTheirOwn() {
        Sensor lt = Configs.demoPlant().sensorsByTag().get("LT-101");
        assertEquals(java.util.List.of("H", "L"), lt.limits().stream().map(ThresholdLimit::name).toList());
        assertEquals(RiskColour.YELLOW, lt.limits(Direction.HIGH).get(0).colour());
        assertEquals(RiskColour.YELLOW, lt.limits(Direction.LOW).get(0).colour());
        Sensor hh = Configs.demoPlant().sensorsByTag().get("LSHH-101");
        assertEquals(SensorType.LEVEL_SWITCH, hh.type());
        assertEquals(new ThresholdLimit("HH", Direction.HIGH, 4, 1, 0), hh.limits().get(0));
        assertEquals("LT-101", hh.rules().check().transmitter());
        assertEquals(18, hh.rules().check().setpoint());
        assertEquals(0.4, hh.rules().check().tolerance(), 1e-9, "2 % of LT-101's 20 m range");
        Sensor ll = Configs.demoPlant().sensorsByTag().get("LSLL-101");
        assertEquals(Direction.LOW, ll.rules().check().direction());
        assertEquals(RiskColour.RED, ll.limits().get(0).colour());
    }

    @Test
    void phreaticOrangeDefaultsTo1point1TimesRed() {
        Sensor pz = Configs.demoPlant().sensorsByTag().get("PZ-01");
        ThresholdLimit orange = pz.limits().stream().filter(l -> l.name().equals("orange")).findFirst().orElseThrow();
        assertEquals(4.4, orange.value(), 1e-9);
        assertEquals(Direction.LOW, orange.direction());
        assertEquals(Duration.ofMinutes(10), pz.period());
    }

    @Test
    void unknownFieldNamesFileFieldAndReason() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors:
                  - {tag: T1, source: A, type: tank_level, limts: {H: 1}}
                """));
        assertTrue(e.getMessage().startsWith(dir.resolve("site.yaml").toString()), e.getMessage());
        assertEquals("sensors[0].limts", e.field());
        assertTrue(e.reason().startsWith("unknown field"), e.reason());
    }

    @Test
    void higherLevelLimitMustBeFurtherOut() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors:
                  - {tag: T1, source: A, type: tank_level, limits: {H: 16, HH: 15}}
                """));
        assertEquals("sensors[0].limits.HH", e.field());
        assertEquals("15.0 must be above H (16.0)", e.reason());
    }

    @Test
    void wrongTypeAndUnknownReferencesAreNamed() throws IOException {
        assertEquals("must be a number, got 'high'", assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: T1, source: A, type: tank_level, limits: {H: high}}]
                """)).reason());
        assertEquals("unknown hazard source 'B'", assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: T1, source: B}]
                """)).reason());
        assertEquals("sensors[1].tag", assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: T1, source: A}, {tag: T1, source: A}]
                """)).field());
        assertEquals("sensors[0].gas", assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: T1, source: A, type: toxic_gas}]
                """)).field());
        assertTrue(assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                sensors: [{tag: T1, source: A, type: gass}]
                """)).reason().startsWith("unknown sensor type 'gass'"));
    }

    @Test
    void invalidYamlAndMissingFilesAreReported() throws IOException {
        assertTrue(assertThrows(ConfigException.class, () -> loadSite("site: [unclosed")).reason().startsWith("not valid YAML"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("nope.yaml")));
        assertEquals("file not found", e.reason());
    }

    @Test
    void gatewayFileNamesItsOwnFieldsAndSiteFileErrorsNameTheSiteFile() throws IOException {
        Files.writeString(dir.resolve("bad-site.yaml"), "site: s\nsensors: [{tag: T1, source: X}]\n");
        Files.writeString(dir.resolve("gw.yaml"), "mqtt: {port: 70000}\nsites: [bad-site.yaml]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("mqtt.port", e.field());
        assertEquals("must be between 0 and 65535, got 70000", e.reason());

        Files.writeString(dir.resolve("gw.yaml"), "sites: [bad-site.yaml]\nstore: {retention: 7d}\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("store.retention", e.field());

        // a token in the URL's query would go to the store in every request's URL, and org twice
        Files.writeString(dir.resolve("gw.yaml"), "sites: [bad-site.yaml]\n"
                + "store: {kind: influxdb, url: 'http://influx:8086?org=plant&token=secret'}\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("store.url", e.field());
        assertTrue(e.reason().startsWith("must not carry a query"), e.reason());

        Files.writeString(dir.resolve("gw.yaml"), "sites: [bad-site.yaml]\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertTrue(e.file().endsWith("bad-site.yaml"), e.file());
        assertEquals("sensors[0].source", e.field());
    }

    @Test
    void alarmSnapshotIntervalDefaultsToThirtySecondsAndIsBounded() throws IOException {
        assertEquals(Duration.ofSeconds(30), Configs.gateway().alarms().snapshotInterval());
        Files.writeString(dir.resolve("gw.yaml"), "alarms: {snapshotInterval: 2m30s}\n");
        assertEquals(Duration.ofSeconds(150), ConfigLoader.load(dir.resolve("gw.yaml")).alarms().snapshotInterval());

        Files.writeString(dir.resolve("gw.yaml"), "alarms: {snapshotInterval: 500ms}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("alarms.snapshotInterval", e.field());
        assertEquals("must be between 1s and 1h, got '500ms'", e.reason());

        Files.writeString(dir.resolve("gw.yaml"), "alarms: {snapshotEvery: 10s}\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("alarms.snapshotEvery", e.field());
    }

    @Test
    void alarmRealtimePriorityIsOffByDefaultAndBounded() throws IOException {
        assertEquals(0, Configs.gateway().alarms().realtimePriority());
        Files.writeString(dir.resolve("gw.yaml"), "alarms: {realtimePriority: 10}\n");
        assertEquals(10, ConfigLoader.load(dir.resolve("gw.yaml")).alarms().realtimePriority());

        Files.writeString(dir.resolve("gw.yaml"), "alarms: {realtimePriority: 100}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("alarms.realtimePriority", e.field());
        assertEquals("must be between 0 and 99, got 100", e.reason());

        Files.writeString(dir.resolve("gw.yaml"), "alarms: {realtimePriority: high}\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("alarms.realtimePriority", e.field());
        assertTrue(e.reason().startsWith("must be an integer"), e.reason());
    }

    @Test
    void maxClockSkewDefaultsToFiveMinutesAndIsBounded() throws IOException {
        assertEquals(Duration.ofMinutes(5), Configs.gateway().ingest().maxClockSkew());
        Files.writeString(dir.resolve("gw.yaml"), "ingest: {maxClockSkew: 30s}\n");
        assertEquals(Duration.ofSeconds(30), ConfigLoader.load(dir.resolve("gw.yaml")).ingest().maxClockSkew());

        Files.writeString(dir.resolve("gw.yaml"), "ingest: {maxClockSkew: 2d}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml")));
        assertEquals("ingest.maxClockSkew", e.field());
        assertEquals("must be between 1s and 24h, got '2d'", e.reason());

        Files.writeString(dir.resolve("gw.yaml"), "ingest: {maxClockSkew: 0s}\n");
        assertEquals("ingest.maxClockSkew", assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("gw.yaml"))).field());
    }

    @Test
    void aPointReportedBySeveralLoggersNamesThemAll() throws IOException {
        Site site = loadSite("""
                site: s
                hazardSources: [{id: A}]
                devices: [{id: a}, {id: b}]
                sensors: [{tag: T1, source: A, device: a, alsoFrom: [b]}, {tag: T2, source: A, device: a}, {tag: T3, source: A}]
                """);
        Sensor t1 = site.sensorsByTag().get("T1");
        assertEquals(List.of("b"), t1.alsoFrom());
        assertTrue(t1.reportedBy("a") && t1.reportedBy("b") && !t1.reportedBy("c"));
        assertTrue(!site.sensorsByTag().get("T2").reportedBy("b"), "only its own logger");
        assertTrue(site.sensorsByTag().get("T3").reportedBy("c"), "a point that names no logger is any logger's");
        ConfigException e = assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                devices: [{id: a}]
                sensors: [{tag: T1, source: A, device: a, alsoFrom: [z]}]
                """));
        assertEquals("sensors[0].alsoFrom[0]", e.field());
        assertEquals("unknown device 'z'", e.reason());
        assertEquals("needs the point's own 'device' first", assertThrows(ConfigException.class, () -> loadSite("""
                site: s
                hazardSources: [{id: A}]
                devices: [{id: a}]
                sensors: [{tag: T1, source: A, alsoFrom: [a]}]
                """)).reason());
    }

    private Site loadSite(String yaml) throws IOException {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.loadSite(f);
    }
}
