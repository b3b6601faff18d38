package io.hazardgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Delay;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.FlappingRule;
import io.hazardgate.config.rules.FlatlineRule;
import io.hazardgate.config.rules.NoDataRule;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.rules.TrendKind;
import io.hazardgate.config.rules.TrendRule;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule keys of a sensor and the site's defaults: syntax, presets, and errors naming file, field, reason. */
class RuleConfigTest {
    @TempDir Path dir;

    Sensor sensor(String sensorYaml) throws IOException {
        return site("sensors:\n  - " + sensorYaml + "\n").sensors().get(0);
    }

    Site site(String rest) throws IOException {
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, "site: s\nhazardSources: [{id: A}]\n" + rest);
        return ConfigLoader.loadSite(f);
    }

    ConfigException error(String sensorYaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> sensor(sensorYaml));
        assertEquals(dir.resolve("site.yaml").toString(), e.file());
        return e;
    }

    @Test
    void presetsCarryTheStandardDefaults() throws IOException {
        Sensor gas = sensor("{tag: G, source: A, type: combustible_gas}");
        assertTrue(gas.latched());
        assertEquals(NoDataRule.DEFAULT, gas.rules().noData());
        assertEquals(Duration.ofMinutes(1), gas.rules().noData().window(gas.period()), "3 x 10 s, at least a minute");
        assertEquals(FlappingRule.DEFAULT, gas.rules().flapping());
        assertEquals(EscalationPlan.DEFAULT, gas.rules().escalation());
        assertEquals(Duration.ZERO, gas.rules().accumulate());
        assertEquals(FlatlineRule.OFF, gas.rules().flatline());
        Sensor rain = sensor("{tag: R, source: A, type: rainfall}");
        assertEquals(Duration.ofHours(24), rain.rules().accumulate(), "rainfall is judged on its 24 h sum");
        assertEquals(50, rain.limits().get(0).value(), "yellow at the rainstorm grade");
        Sensor pz = sensor("{tag: P, source: A, type: phreatic_line, period: 10m, limits: {red: 4}}");
        assertEquals(4.4, pz.limits().stream().filter(l -> l.name().equals("orange")).findFirst().orElseThrow().value(), 1e-9);
        assertEquals(Duration.ofMinutes(30), pz.rules().noData().window(pz.period()));
    }

    @Test
    void everyRuleKeyInItsForms() throws IOException {
        Sensor s = sensor("{tag: T, source: A, type: tank_level, limits: {H: 5}, onDelay: 3, offDelay: 30s, noData: {multiple: 2, min: 5m},"
                + " flatline: {samples: 60, tolerance: 0.01}, flapping: {transitions: 4, window: 1m}, escalation: [5m, 10m],"
                + " accumulate: 1h}");
        AlarmRules r = s.rules();
        assertEquals(new Delay(3, Duration.ZERO), r.onDelay());
        assertEquals(new Delay(1, Duration.ofSeconds(30)), r.offDelay());
        assertEquals(new NoDataRule(true, 2, Duration.ofMinutes(5)), r.noData());
        assertEquals(new FlatlineRule(60, 0.01), r.flatline());
        assertEquals(new FlappingRule(4, Duration.ofMinutes(1)), r.flapping());
        assertEquals(EscalationPlan.uniform(List.of(step(5, "principal"), step(10, "technical"))), r.escalation());
        assertEquals(Duration.ofHours(1), r.accumulate());
        AlarmRules off = sensor("{tag: T, source: A, type: rainfall, noData: off, flapping: false, escalation: off, accumulate: off,"
                + " onDelay: {samples: 2, duration: 1m}, flatline: 5}").rules();
        assertEquals(NoDataRule.OFF, off.noData());
        assertEquals(FlappingRule.OFF, off.flapping());
        assertEquals(EscalationPlan.OFF, off.escalation());
        assertEquals(Duration.ZERO, off.accumulate());
        assertEquals(new Delay(2, Duration.ofMinutes(1)), off.onDelay());
        assertEquals(new FlatlineRule(5, 0), off.flatline());
    }

    @Test
    void siteDefaultsApplyUnlessASensorOverridesThem() throws IOException {
        Site s = site("""
                defaults: {noData: {multiple: 5}, escalation: [1h], onDelay: 2, flapping: off}
                sensors:
                  - {tag: A1, source: A, type: tank_level, limits: {H: 5}}
                  - {tag: A2, source: A, type: tank_level, limits: {H: 5}, escalation: [10m], onDelay: 1, noData: off}
                """);
        AlarmRules a1 = s.sensors().get(0).rules();
        assertEquals(5, a1.noData().multiple());
        assertEquals(EscalationPlan.uniform(List.of(step(60, "principal"))), a1.escalation());
        assertEquals(2, a1.onDelay().samples());
        assertEquals(FlappingRule.OFF, a1.flapping());
        AlarmRules a2 = s.sensors().get(1).rules();
        assertEquals(EscalationPlan.uniform(List.of(step(10, "principal"))), a2.escalation());
        assertEquals(Delay.NONE, a2.onDelay());
        assertEquals(NoDataRule.OFF, a2.noData());
    }

    @Test
    void escalationPerColourWithTheSupervisorAboveTheResponsiblePersons() throws IOException {
        AlarmRules r = sensor("{tag: T, source: A, type: tank_level, limits: {H: 5}, escalation: {red: [{after: 5m, to: supervisor}],"
                + " orange: [{after: 10m, to: principal}, {after: 20m, to: supervisor}], grey: off, default: [30m, 1h]}}").rules();
        assertEquals(List.of(step(5, "supervisor")), r.escalation().steps(4));
        assertEquals(List.of(step(10, "principal"), step(20, "supervisor")), r.escalation().steps(3));
        assertEquals(List.of(step(30, "principal"), step(60, "technical")), r.escalation().steps(2), "yellow takes default");
        assertEquals(List.of(step(30, "principal"), step(60, "technical")), r.escalation().steps(1), "blue takes default");
        assertEquals(List.of(), r.escalation().steps(0), "faults and no-data: off");
        AlarmRules builtIn = sensor("{tag: T, source: A, type: tank_level, limits: {H: 5}, escalation: {red: [1m]}}").rules();
        assertEquals(EscalationPlan.DEFAULT.steps(2), builtIn.escalation().steps(2), "no default: the built-in ladder");
        assertEquals(List.of(step(1, "principal"), step(2, "technical"), step(3, "operational"), step(4, "supervisor")),
                sensor("{tag: T, source: A, type: tank_level, limits: {H: 5}, escalation: [1m, 2m, 3m, 4m]}").rules().escalation().steps(4),
                "a fourth time names the supervisor");
    }

    private static EscalationPlan.Step step(long minutes, String role) {
        return new EscalationPlan.Step(Duration.ofMinutes(minutes), role);
    }

    @Test
    void trendRules() throws IOException {
        Sensor g = sensor("""
                {tag: G, source: A, type: surface_displacement, trends: {rate: {limits: {yellow: 5, red: 20}},
                 accel: {kind: acceleration, window: 12h, per: 1h, limits: {orange: 0.5}}, tangent_angle: {steadyRate: 0.3},
                 rises: {limits: {blue: 6}}, drop: {kind: rate, direction: low, limits: {yellow: -2}}}}""");
        List<TrendRule> t = g.rules().trends();
        assertEquals(5, t.size());
        TrendRule rate = t.get(0);
        assertEquals(TrendKind.RATE, rate.kind());
        assertEquals(Duration.ofHours(24), rate.window(), "tailings default");
        assertEquals(Duration.ofDays(1), rate.per(), "displacement rates are per day");
        assertEquals(List.of("yellow", "red"), rate.limits().stream().map(ThresholdLimit::name).toList());
        assertEquals(TrendKind.ACCELERATION, t.get(1).kind());
        assertEquals(Duration.ofHours(12), t.get(1).window());
        TrendRule tangent = t.get(2);
        assertEquals(0.3, tangent.steadyRate());
        assertEquals(List.of(45.0, 80.0, 85.0), tangent.limits().stream().map(ThresholdLimit::value).toList(), "the literature's stages");
        assertEquals(List.of(2, 3, 4), tangent.limits().stream().map(ThresholdLimit::level).toList());
        assertEquals(TrendKind.RISES, t.get(3).kind());
        assertEquals(Direction.LOW, t.get(4).direction());
        assertEquals(Duration.ofHours(1), sensor("{tag: T, source: A, type: temperature, trends: {rate: {limits: {red: 5}}}}")
                .rules().trends().get(0).window(), "plant values default to an hour");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "onDelay: -1                                            | sensors[0].onDelay    | must be between 1 and 10000, got -1",
        "onDelay: soon                                          | sensors[0].onDelay    | must be a duration like 500ms, 10s, 5m, 1h, 30d or 4m30s, got 'soon'",
        "noData: {multiple: 0.5}                                | sensors[0].noData.multiple | must be at least 1 (a point is not silent before its period is over)",
        "noData: {every: 1m}                                    | sensors[0].noData.every | unknown field (expected one of min, multiple)",
        "flatline: 1                                            | sensors[0].flatline   | must be between 2 and 100000, got 1",
        "flapping: {transitions: 1}                             | sensors[0].flapping.transitions | must be between 2 and 64, got 1",
        "escalation: [30m, 10m]                                 | sensors[0].escalation[1] | must be later than the step before it (PT30M)",
        "escalation: [1m, 2m, 3m, 4m, 5m]                       | sensors[0].escalation | must list 1 to 4 steps (principal, technical, operational, supervisor), or be off",
        "escalation: {purple: [1m]}                             | sensors[0].escalation.purple | unknown field (expected one of blue, default, grey, orange, red, yellow)",
        "escalation: {red: [{after: 1m, to: mayor}]}            | sensors[0].escalation.red[0].to | must be one of principal, technical, operational, supervisor, got 'mayor'",
        "escalation: {red: [{after: 1m}]}                       | sensors[0].escalation.red[0].to | is required: one of principal, technical, operational, supervisor",
        "escalation: [{after: 1m, to: supervisor}, {after: 2m, to: supervisor}] | sensors[0].escalation[1] | names the supervisor a second time",
        "accumulate: 30d                                        | sensors[0].accumulate | must be between 1m and 7d, or off",
        "trends: {rate: {limits: {amber: 5}}}                   | sensors[0].trends.rate.limits.amber | unknown limit (expected blue, yellow, orange or red)",
        "trends: {rate: {limits: {yellow: 5, orange: 4}}}       | sensors[0].trends.rate.limits.orange | 4.0 must be above yellow (5.0)",
        "trends: {rate: {}}                                     | sensors[0].trends.rate.limits | is required, e.g. {yellow: 5, orange: 10, red: 20}",
        "trends: {speed: {limits: {red: 1}}}                    | sensors[0].trends.speed.kind | is required (rate, acceleration, rises or tangent_angle)",
        "trends: {t: {kind: tangent_angle}}                     | sensors[0].trends.t.steadyRate | is required for tangent_angle: the rate of the steady (constant-velocity) deformation stage, in the sensor's unit per 'per'",
        "trends: {high: {kind: rate, limits: {red: 1}}}         | sensors[0].trends.high | 'high' is the name of a built-in rule; choose another",
        "trends: {rate: {window: 10s, limits: {red: 1}}}        | sensors[0].trends.rate.window | must be between 1m and 30d",
        "trends: {rises: {limits: {red: 2.5}}}                  | sensors[0].trends.rises.limits.red | must be a whole number of consecutive rises, at least 1",
    })
    void errorsNameTheFieldAndTheReason(String rule, String field, String reason) {
        ConfigException e = error("{tag: T, source: A, type: surface_displacement, " + rule + "}");
        assertEquals(field, e.field());
        assertEquals(reason, e.reason());
    }

    @Test
    void theDemoPlantUsesTheNewRules() {
        Site demo = Configs.demoPlant();
        Sensor gnss = demo.sensorsByTag().get("GNSS-01");
        assertEquals(List.of("rate", "tangent_angle"), gnss.rules().trends().stream().map(TrendRule::name).toList());
        assertEquals(360, demo.sensorsByTag().get("TT-101").rules().flatline().samples());
        assertEquals(Duration.ofHours(24), demo.sensorsByTag().get("RG-01").rules().accumulate());
    }
}
