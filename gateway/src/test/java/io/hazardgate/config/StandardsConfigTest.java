package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.rules.Conversion;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.EscalationPolicy;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.StandardOverride;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.AssessedRisk;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.testing.Configs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a site file may say, checked against the standards (docs/alarms.md): gas set-points and their
 * maxima, units, dam classes and design values, acquisition periods, discrete points, derived points,
 * the colour and escalation policies and the assessed risk. Every refusal names the file, the field and
 * the reason, and the clause where a standard is the reason.
 */
class StandardsConfigTest {
    static final String SOURCES = """
            site: s
            hazardSources:
              - {id: A, grade: 2}
              - {id: D, kind: tailings_dam, class: 3, design: {crestElevation: 157.5, highestFloodLevel: 156, floodControlLevel: 154,
                 minFreeboard: 0.7, minDryBeach: 70, minPhreaticDepth: 4}}
            devices: [{id: d1}]
            """;

    @TempDir Path dir;

    Site site(String yaml) {
        try {
            Path f = dir.resolve("site.yaml");
            Files.writeString(f, yaml);
            return ConfigLoader.loadSite(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Sensor sensor(String sensorYaml) {
        return site(SOURCES + "sensors:\n  - " + sensorYaml + "\n").sensors().get(0);
    }

    ConfigException error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> site(yaml));
        assertEquals(dir.resolve("site.yaml").toString(), e.file());
        return e;
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // gas detectors: GB/T 50493-2019 §5.5.2
        "{tag: G, source: A, type: combustible_gas, limits: {L1: 40}} | sensors[0].limits.L1 | 40 %LEL is above the GB/T 50493-2019 §5.5.2 maximum for a level-1 alarm (25 %LEL); lower it, or document the deviation under standardOverride {reason, approvedBy}",
        "{tag: G, source: A, type: combustible_gas, limits: {L2: 60}} | sensors[0].limits.L2 | 60 %LEL is above the GB/T 50493-2019 §5.5.2 maximum for a level-2 alarm (50 %LEL); lower it, or document the deviation under standardOverride {reason, approvedBy}",
        "{tag: G, source: A, type: toxic_gas, gas: H2S, unit: ppm, limits: {L1: 10}} | sensors[0].limits.L1 | 10 ppm is above the GB/T 50493-2019 §5.5.2 maximum for a level-1 alarm (100 %OEL = 7.054 ppm, from the OEL of H2S 10 mg/m3 (MAC) = 7.054 ppm); lower it, or document the deviation under standardOverride {reason, approvedBy}",
        "{tag: G, source: A, type: toxic_gas, gas: H2S, unit: mg/m3, basis: idlh, limits: {L2: 50}} | sensors[0].limits.L2 | 50 mg/m3 is above the GB/T 50493-2019 §5.5.2 maximum for a level-2 alarm (10 % of IDLH = 43 mg/m3, from the IDLH of H2S 430 mg/m3); lower it, or document the deviation under standardOverride {reason, approvedBy}",
        "{tag: G, source: A, type: combustible_gas, standardOverride: {reason: r, approvedBy: p}} | sensors[0].standardOverride | no set-point of this sensor is above the standard's maximum: remove the override",
        "{tag: G, source: A, type: combustible_gas, limits: {L1: 30}, standardOverride: {reason: r}} | sensors[0].standardOverride.approvedBy | is required",
        "{tag: G, source: A, type: tank_level, standardOverride: {reason: r, approvedBy: p}} | sensors[0].standardOverride | applies only to gas detectors, whose set-points GB/T 50493-2019 §5.5.2 bounds",
        "{tag: G, source: A, type: combustible_gas, unit: ppm} | sensors[0].unit | a combustible gas detector reads %LEL (GB/T 50493-2019 §5.5.1), got 'ppm'",
        "{tag: G, source: A, type: toxic_gas, gas: H2S, unit: '%LEL'} | sensors[0].unit | a toxic gas detector reads ppm or mg/m3, got '%LEL'",
        "{tag: G, source: A, type: toxic_gas, gas: XYZ} | sensors[0].gas | 'XYZ' is not in the table of known gases (H2S, CO, NO2, Cl2, SO2, NH3, HCN, COCl2, C6H6, CH3OH, C7H8, C8H10); give oel and/or idlh in mg/m3 and molarMass instead",
        "{tag: G, source: A, type: toxic_gas, oel: 5, unit: ppm} | sensors[0].molarMass | is required to convert mg/m3 to ppm (g/mol; or name a known gas)",
        "{tag: G, source: A, type: toxic_gas, idlh: 50, basis: oel} | sensors[0].oel | is required for basis oel (mg/m3)",
        "{tag: G, source: A, type: tank_level, gas: H2S} | sensors[0].gas | applies only to toxic_gas sensors",
        // tailings: items, periods (GB 51108-2015 §4.5.4), design values
        "{tag: G, source: D, type: displacement} | sensors[0].type | say which monitoring item: surface_displacement (GNSS, total station), internal_displacement or landslide_displacement (GB 39496-2020 §5.5.2 counts them apart)",
        "{tag: G, source: D, type: water_level, period: 25h} | sensors[0].period | a tailings point reports at least once a day (GB 51108-2015 §4.5.4): at most 24h",
        "{tag: G, source: D, type: surface_displacement, period: 1h, warningPeriod: 1h} | sensors[0].warningPeriod | a GNSS or total-station point in a warning reports at least every 30 min (GB 51108-2015 §4.5.4): at most 30m",
        "{tag: G, source: A, type: tank_level, warningPeriod: 1m} | sensors[0].warningPeriod | applies only to tailings monitoring items",
        "{tag: G, source: D, type: water_level, limits: {red: crest}} | sensors[0].limits.red | must be a number or the name of a design value of the dam (crestElevation, minDryBeach, minFreeboard, highestFloodLevel, floodControlLevel, minPhreaticDepth)",
        // discrete points
        "{tag: S, source: A, type: level_switch} | sensors[0].trips | is required: the limit the switch stands for (HH, H, L or LL)",
        "{tag: S, source: A, type: level_switch, trips: HH, limits: {HH: 1}} | sensors[0].limits | a discrete point reports a state, 0 or 1, and alarms on it; its colour is set in the site's colourPolicy",
        "{tag: S, source: A, type: level_switch, trips: HH, checks: LT} | sensors[0].setpoint | is required with checks: where the switch trips, in the transmitter's unit",
        "{tag: S, source: A, type: level_switch, trips: HH, checks: LT, setpoint: 18} | sensors[0].checks | unknown tag 'LT'",
        "{tag: S, source: A, type: interlock, expect: open} | sensors[0].expect | does not apply to this type of point",
        "{tag: S, source: A, type: tank_level, maxBypass: 8h} | sensors[0].maxBypass | applies only to discrete points (level_switch, valve_position, interlock, bypass)",
        // derived points and conversions
        "{tag: F, source: D, type: freeboard, from: W} | sensors[0].from | unknown tag 'W'",
        "{tag: F, source: D, type: freeboard, from: W, device: d1} | sensors[0].device | does not apply to a derived point (one with 'from')",
        "{tag: F, source: D, type: dry_beach, from: W} | sensors[0].from | only a freeboard point is derived from another one (the water level)",
        "{tag: F, source: A, type: freeboard, from: W} | sensors[0].from | freeboard is the beach crest elevation minus the water level: hazard source 'A' needs design.crestElevation",
        "{tag: P, source: D, type: water_level, piezometer: {installElevation: 1, surfaceElevation: 2}} | sensors[0].piezometer | applies only to phreatic_line points (the burial depth)",
        "{tag: P, source: D, type: phreatic_line, piezometer: {installElevation: 130, surfaceElevation: 120}} | sensors[0].piezometer.surfaceElevation | 120.0 must be above installElevation (130.0)",
        "{tag: G, source: A, type: combustible_gas, baseline: 1} | sensors[0].baseline | does not apply to combustible_gas points, which report what they measure",
    })
    void sensorErrorsNameTheFieldAndTheReason(String sensor, String field, String reason) {
        ConfigException e = error(SOURCES + "sensors:\n  - " + sensor + "\n");
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
    }

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{id: D, kind: tailings_dam, grade: 3} | hazardSources[0].grade | a tailings dam has a class, 一等 … 五等 (GB 39496-2020 §4.5), not a grade: write class: 1 … 5",
        "{id: D, kind: tailings_dam, class: 6} | hazardSources[0].class | must be between 1 and 5, got 6",
        "{id: A, class: 2} | hazardSources[0].class | a major hazard source has a grade, 一级 … 四级 (GB 18218-2018 §4.2), not a class: write grade: 1 … 4",
        "{id: A, grade: 5} | hazardSources[0].grade | must be between 1 and 4, got 5",
        "{id: A, assessedRisk: severe} | hazardSources[0].assessedRisk | must be major, large, general or low (重大, 较大, 一般, 低风险), got 'severe'",
        "{id: A, design: {crestElevation: 1}} | hazardSources[0].design | design values apply to tailings dams only",
        "{id: D, kind: tailings_dam, design: {crestElevation: 150, highestFloodLevel: 151}} | hazardSources[0].design.highestFloodLevel | 151.0 must be below crestElevation (150.0)",
        "{id: D, kind: tailings_dam, design: {minFreeboard: -1}} | hazardSources[0].design.minFreeboard | must be positive",
    })
    void hazardSourceErrorsNameTheFieldAndTheReason(String source, String field, String reason) {
        ConfigException e = error("site: s\nhazardSources:\n  - " + source + "\n");
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
    }

    @Test
    void aDocumentedOverrideLetsASetPointExceedTheStandardAndTravelsWithTheSensor() {
        Sensor g = sensor("{tag: G, source: A, type: combustible_gas, limits: {L1: 30},"
                + " standardOverride: {reason: 'detector drift per vendor, review 2024-03', approvedBy: Li Na}}");
        assertEquals(30, g.limits().get(0).value());
        assertEquals(new StandardOverride("detector drift per vendor, review 2024-03", "Li Na"), g.override());
        assertNull(sensor("{tag: G, source: A, type: combustible_gas, limits: {L1: 20}}").override(), "lower than the standard: nothing to excuse");
    }

    @Test
    void theToxicReferenceMayComeFromTheSensorWhenTheGasIsNotTabulated() {
        Sensor g = sensor("{tag: G, source: A, type: toxic_gas, oel: 2, idlh: 37, molarMass: 30.03, unit: ppm}");
        assertEquals(2 * 24.04 / 30.03, g.limits().get(0).value(), 1e-9);
        Sensor idlh = sensor("{tag: G, source: A, type: toxic_gas, gas: H2S, unit: ppm, basis: idlh}");
        assertEquals(0.05 * 430 * 24.04 / 34.08, idlh.limits().get(0).value(), 1e-9, "5 % of IDLH, for a detector whose range cannot reach 100 %OEL");
        assertEquals(0.10 * 430 * 24.04 / 34.08, idlh.limits().get(1).value(), 1e-9);
    }

    @Test
    void tailingsThresholdsDeriveFromTheDesignWhereTheStandardsSaySo() {
        Site s = site(SOURCES + """
                sensors:
                  - {tag: WL, source: D, type: water_level, limits: {blue: 150, orange: floodControlLevel}}
                  - {tag: FB, source: D, type: freeboard, from: WL}
                  - {tag: DB, source: D, type: dry_beach}
                  - {tag: PZ, source: D, type: phreatic_line}
                  - {tag: LS, source: D, type: landslide_displacement, limits: {red: 100}}
                  - {tag: PZ2, source: D, type: phreatic_line, limits: {red: 5, orange: 5.2}}
                """);
        assertEquals(List.of(150.0, 154.0, 156.0), values(s, "WL"), "orange named, red the design highest flood level");
        assertEquals(List.of(0.7), values(s, "FB"), "red the minimum safety freeboard");
        assertEquals(List.of(70.0), values(s, "DB"), "red the design minimum dry beach");
        assertEquals(List.of(4.4, 4.0), values(s, "PZ"), "red the minimum burial depth, orange 1.1 × red");
        assertEquals(List.of(80.0, 100.0), values(s, "LS"), "orange 0.8 × red");
        assertEquals(List.of(5.2, 5.0), values(s, "PZ2"), "values the site gives win");
        Sensor fb = s.sensorsByTag().get("FB");
        assertEquals(new Conversion(-1, 157.5, "WL", "m"), fb.conversion());
        assertEquals(Duration.ofMinutes(10), fb.period(), "a derived point has its source's period");
        assertTrue(!fb.rules().noData().enabled());
    }

    private static List<Double> values(Site s, String tag) {
        return s.sensorsByTag().get(tag).limits().stream().map(ThresholdLimit::value).toList();
    }

    @Test
    void surveyedPointsKeepThirtyMinutesInAWarningAndOthersTheirOwnPeriod() {
        assertEquals(Duration.ofMinutes(30), sensor("{tag: G, source: D, type: surface_displacement, period: 1h}").warningPeriod());
        assertEquals(Duration.ofMinutes(30), sensor("{tag: G, source: D, type: landslide_displacement, period: 1h}").warningPeriod());
        assertEquals(Duration.ZERO, sensor("{tag: G, source: D, type: internal_displacement, period: 1h}").warningPeriod());
        assertEquals(Duration.ofMinutes(20), sensor("{tag: G, source: D, type: internal_displacement, period: 1h, warningPeriod: 20m}").warningPeriod());
        assertEquals(Duration.ofHours(24), sensor("{tag: G, source: D, type: water_level, period: 24h}").period(), "once a day is enough");
    }

    @Test
    void theColourPolicyIsCheckedAndApplied() {
        assertEquals("colourPolicy.HH", error("site: s\ncolourPolicy: {H: red}\n").field());
        assertEquals("HH must show a more severe colour than H (red): it is the further limit of the same alarm",
                error("site: s\ncolourPolicy: {H: red}\n").reason());
        assertEquals("colourPolicy.blue", error("site: s\ncolourPolicy: {blue: red}\n").field(), "tailings colours are not a policy");
        assertEquals("must be blue, yellow, orange or red, got 'pink'", error("site: s\ncolourPolicy: {L1: pink}\n").reason());
        Site s = site(SOURCES.replace("site: s\n", "site: s\ncolourPolicy: {tripped: orange}\n") + """
                sensors: [{tag: IS, source: A, type: interlock}, {tag: LS, source: A, type: level_switch, trips: H}]
                """);
        assertEquals(RiskColour.ORANGE, s.sensorsByTag().get("IS").limits().get(0).colour());
        assertEquals(RiskColour.YELLOW, s.sensorsByTag().get("LS").limits().get(0).colour(), "an H switch takes H's colour");
    }

    @Test
    void escalationFollowsTheSourcesPriorityUnlessASensorSaysOtherwise() {
        Site s = site("""
                site: s
                defaults: {escalation: {1: [2m, 4m], other: [20m]}}
                hazardSources: [{id: G1, grade: 1}, {id: G2, grade: 2}, {id: G3, grade: 3}]
                sensors:
                  - {tag: A, source: G1, type: tank_level}
                  - {tag: B, source: G2, type: tank_level}
                  - {tag: C, source: G3, type: tank_level}
                  - {tag: D, source: G3, type: tank_level, escalation: [1m]}
                """);
        assertEquals(EscalationPlan.ladder(List.of(Duration.ofMinutes(2), Duration.ofMinutes(4))), s.sensorsByTag().get("A").rules().escalation());
        assertEquals(EscalationPolicy.DEFAULT.forPriority(2), s.sensorsByTag().get("B").rules().escalation(), "unnamed: the built-in policy");
        assertEquals(EscalationPlan.ladder(List.of(Duration.ofMinutes(20))), s.sensorsByTag().get("C").rules().escalation());
        assertEquals(EscalationPlan.ladder(List.of(Duration.ofMinutes(1))), s.sensorsByTag().get("D").rules().escalation());
        assertEquals(EscalationPlan.ladder(List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15))),
                site("site: s\nhazardSources: [{id: G1, grade: 1}]\nsensors: [{tag: A, source: G1}]\n").sensors().get(0).rules().escalation(),
                "built in: grade 1 after 5, 10 and 15 min");
        assertEquals("defaults.escalation.9", error("site: s\ndefaults: {escalation: {9: [1m]}}\n").field());
        Site colours = site("""
                site: s
                defaults: {escalation: {1: {red: [{after: 1m, to: supervisor}], default: [5m]}, other: [20m]}}
                hazardSources: [{id: G1, grade: 1}, {id: G3, grade: 3}]
                sensors:
                  - {tag: A, source: G1, type: tank_level}
                  - {tag: C, source: G3, type: tank_level}
                """);
        assertEquals(List.of(new EscalationPlan.Step(Duration.ofMinutes(1), "supervisor")),
                colours.sensorsByTag().get("A").rules().escalation().steps(4), "grade 1, red: a minute to the supervisor");
        assertEquals(List.of(new EscalationPlan.Step(Duration.ofMinutes(5), "principal")),
                colours.sensorsByTag().get("A").rules().escalation().steps(2), "grade 1, yellow: the default of that priority");
        assertEquals(EscalationPlan.ladder(List.of(Duration.ofMinutes(20))), colours.sensorsByTag().get("C").rules().escalation());
    }

    @Test
    void assessedRiskReadsEnglishOrChinese() {
        Site s = site("site: s\nhazardSources: [{id: A, assessedRisk: 重大}, {id: B, assessedRisk: 较大风险}, {id: C, assessedRisk: low}]\n");
        assertEquals(List.of(AssessedRisk.MAJOR, AssessedRisk.LARGE, AssessedRisk.LOW),
                s.hazardSources().stream().map(HazardSource::assessedRisk).toList());
        assertEquals(RiskColour.RED, AssessedRisk.MAJOR.colour());
        assertEquals("三等", site("site: s\nhazardSources: [{id: D, kind: tailings_dam, class: 3}]\n").hazardSources().get(0).rankName());
    }

    @Test
    void theDemoPlantIsTheStandardsWorkedExample() {
        Site demo = Configs.demoPlant();
        for (Sensor s : demo.sensors()) {
            assertTrue(s.name().codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                    && s.name().matches(".*[A-Za-z]{3,}.*"), s.tag() + " is named in Chinese with the English beside it: " + s.name());
            if (s.type().isTailings()) {
                assertTrue(s.period().compareTo(Duration.ofMinutes(10)) >= 0 && s.period().compareTo(Duration.ofHours(24)) <= 0,
                        s.tag() + " reports between every 10 min and once a day (GB 51108 §4.5.4)");
            }
        }
        assertEquals(SensorType.LEVEL_SWITCH, demo.sensorsByTag().get("LSHH-101").type());
        assertEquals(new Conversion(-1, 18.5, "", "m"), demo.sensorsByTag().get("PZ-02").conversion());
        assertEquals(AssessedRisk.LARGE, demo.hazardSource("TF1").assessedRisk());
        assertEquals(7.054, demo.sensorsByTag().get("GT-102").limits().get(0).value(), 0.001);
    }
}
