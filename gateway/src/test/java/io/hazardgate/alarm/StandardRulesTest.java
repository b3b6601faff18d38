package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The presets and rules that come from the standards (docs/alarms.md), each through the evaluator as
 * readings arrive: toxic gas in ppm and mg/m³, discrete points and their state alarms, a switch checked
 * against its transmitter, engineering conversions and derived points, the warning period of GNSS
 * points, the tangent angle's strict 45°, the priority of a source's grade and the colour policy.
 */
class StandardRulesTest {
    static final long S = 1000;
    static final long MIN = 60 * S;

    // ---- every preset: quiet just short of its limit, raised at it in its colour ----

    @ParameterizedTest(name = "{0} {1}: {2} quiet, {3} raises {4} {5}")
    @CsvSource(delimiter = '|', value = {
        "combustible_gas        | ''                                 | 24.99  | 25     | L1        | orange",
        "combustible_gas        | ''                                 | 49.99  | 50     | L2        | red",
        "oxygen                 | ''                                 | 19.51  | 19.5   | under     | orange",
        "oxygen                 | ''                                 | 23.49  | 23.5   | over      | orange",
        "tank_level             | 'limits: {H: 16, L: 2}'            | 15.99  | 16     | H         | yellow",
        "temperature            | 'limits: {H: 45, HH: 60}'          | 59.99  | 60     | HH        | red",
        "pressure               | 'limits: {L: -0.25, LL: -0.4}'     | -0.24  | -0.25  | L         | yellow",
        "flow                   | 'limits: {H: 150, HH: 180}'        | 149.9  | 150    | H         | yellow",
        "composition            | 'limits: {H: 5, HH: 8}'            | 7.99   | 8      | HH        | red",
        "level_switch           | 'trips: LL'                        | 0      | 1      | LL        | red",
        "interlock              | ''                                 | 0      | 1      | tripped   | red",
        "bypass                 | ''                                 | 0      | 1      | bypassed  | yellow",
        "valve_position         | 'expect: closed'                   | 0      | 1      | position  | yellow",
        "surface_displacement   | 'limits: {blue: 20}'               | 19.99  | 20     | blue      | blue",
        "internal_displacement  | 'limits: {yellow: 20}'             | 19.99  | 20     | yellow    | yellow",
        "landslide_displacement | 'limits: {red: 100}'               | 79.99  | 80     | orange    | orange",
        "phreatic_line          | 'limits: {red: 4}'                 | 4.41   | 4.4    | orange    | orange",
        "water_level            | 'limits: {orange: 154}'            | 153.99 | 154    | orange    | orange",
        "dry_beach              | 'limits: {red: 70}'                | 70.01  | 70     | red       | red",
        "beach_slope            | 'limits: {yellow: 0.6}'            | 0.61   | 0.6    | yellow    | yellow",
        "rainfall               | ''                                 | 49.9   | 0.1    | yellow    | yellow",
        "seepage                | 'limits: {blue: 5}'                | 4.99   | 5      | blue      | blue",
        "pore_pressure          | 'limits: {orange: 200}'            | 199.9  | 200    | orange    | orange",
        "turbidity              | 'limits: {red: 300}'               | 299.9  | 300    | red       | red",
    })
    void everyPresetRaisesAtItsLimitInItsColour(String type, String extra, double quiet, double raises, String limit, String colour) {
        Harness h = Harness.sensors("{tag: P, source: A, device: d1, type: " + type + (extra.isEmpty() ? "" : ", " + extra) + "}");
        h.feed("P", quiet);
        assertTrue(h.events.stream().noneMatch(e -> e.limitName().equals(limit)), type + " at " + quiet + " is short of " + limit);
        h.feed("P", raises); // for rainfall an increment: the 24 h sum reaches 50 mm, the rainstorm grade
        assertEquals(limit, h.last().limitName());
        assertEquals(colour, h.last().colour().wireName());
        assertEquals(AlarmKind.THRESHOLD, h.last().kind());
    }

    // ---- toxic gas: GB/T 50493-2019 §5.5.2, OEL and IDLH in mg/m³ ----

    @Test
    void anH2sDetectorInPpmRaisesLevel1AtTheMacConvertedTo7Point05Ppm() {
        Harness h = Harness.sensors("{tag: GT, source: A, device: d1, type: toxic_gas, gas: H2S, unit: ppm, latched: false}");
        h.feed("GT", 7.0);
        assertTrue(h.events.isEmpty(), "7.0 ppm is below 10 mg/m3 = 7.054 ppm");
        h.feed("GT", 7.06);
        AlarmEvent l1 = h.last();
        assertEquals(AlarmState.RAISED, l1.state());
        assertEquals("L1", l1.limitName());
        assertEquals(RiskColour.ORANGE, l1.colour());
        assertEquals(10 * 24.04 / 34.08, l1.limit(), 1e-9);
        assertEquals("ppm", l1.unit());
        h.feed("GT", 14.2);
        assertEquals(AlarmState.ESCALATED, h.last().state());
        assertEquals("L2", h.last().limitName());
        assertEquals(20 * 24.04 / 34.08, h.last().limit(), 1e-9);
    }

    @Test
    void aBenzeneDetectorInMgPerM3AlarmsAtItsPcTwaAndTwiceIt() {
        Harness h = Harness.sensors("{tag: GT, source: A, device: d1, type: toxic_gas, gas: C6H6, unit: mg/m3}");
        h.feed("GT", 5.9);
        assertTrue(h.events.isEmpty());
        h.feed("GT", 6);
        assertEquals("L1", h.last().limitName());
        h.feed("GT", 12);
        assertEquals("L2", h.last().limitName());
        assertEquals(12, h.last().limit());
    }

    @Test
    void withoutAnOelTheLimitsAreFiveAndTenPercentOfTheIdlh() {
        Harness h = Harness.sensors("{tag: GT, source: A, device: d1, type: toxic_gas, unit: mg/m3, idlh: 430}");
        h.feed("GT", 21.4);
        assertTrue(h.events.isEmpty());
        h.feed("GT", 21.5);
        assertEquals("L1", h.last().limitName());
        assertEquals(21.5, h.last().limit(), 1e-9);
        h.feed("GT", 43);
        assertEquals(43, h.last().limit(), 1e-9);
    }

    // ---- discrete points ----

    @Test
    void aTrippedLevelSwitchIsRedAtItsLimitAndClearsWhenItResets() {
        Harness h = Harness.sensors("{tag: LS, source: A, device: d1, type: level_switch, trips: HH}");
        h.feed("LS", 0);
        assertTrue(h.events.isEmpty());
        h.feed("LS", 1);
        AlarmEvent e = h.last();
        assertEquals("state", e.rule());
        assertEquals("HH", e.limitName());
        assertEquals(RiskColour.RED, e.colour());
        assertEquals(AlarmKind.THRESHOLD, e.kind());
        assertTrue(e.message().endsWith("HH switch tripped"), e.message());
        h.feed("LS", 0);
        assertEquals(AlarmState.CLEARED, h.last().state());
        assertTrue(h.last().message().endsWith("HH switch reset"), h.last().message());
    }

    @Test
    void aDiscretePointThatSendsNeitherZeroNorOneIsAFaultNotAnAlarm() {
        Harness h = Harness.sensors("{tag: IS, source: A, device: d1, type: interlock}");
        h.feed("IS", 0.5);
        assertEquals(List.of(AlarmState.RAISED), h.states());
        assertEquals(AlarmKind.FAULT, h.last().kind());
        assertEquals("state", h.last().limitName());
        h.feed("IS", 1);
        assertEquals("tripped", h.last().limitName());
        assertEquals(RiskColour.RED, h.last().colour());
        assertEquals(List.of(AlarmState.RAISED, AlarmState.CLEARED, AlarmState.RAISED), h.states(), "the fault cleared, the trip raised");
    }

    @Test
    void aBypassIsYellowAndTurnsOrangeOnceLeftOnLongerThanAllowedWithoutWaitingForAReading() {
        Harness h = Harness.sensors("{tag: BP, source: A, device: d1, type: bypass, maxBypass: 2m, noData: off}");
        h.feed("BP", 1);
        assertEquals("bypassed", h.last().limitName());
        assertEquals(RiskColour.YELLOW, h.last().colour());
        h.idle(2 * MIN - 2 * S);
        assertEquals(1, h.events.size(), "not yet: bypassed for 1m59s");
        h.idle(2 * S);
        AlarmEvent overdue = h.last();
        assertEquals(AlarmState.ESCALATED, overdue.state());
        assertEquals("maxBypass", overdue.limitName());
        assertEquals(RiskColour.ORANGE, overdue.colour());
        assertTrue(overdue.message().endsWith("bypassed for more than 2 min"), overdue.message());
        h.feed("BP", 1);
        assertEquals(2, h.events.size(), "still bypassed: still orange, no new event");
        h.feed("BP", 0);
        assertEquals(AlarmState.CLEARED, h.last().state());
        assertTrue(h.last().message().endsWith("back in service (bypass removed)"), h.last().message());
    }

    @Test
    void aBypassLeftOnTooLongEscalatesOnItsNextReadingToo() {
        Harness h = Harness.sensors("{tag: BP, source: A, device: d1, type: bypass, maxBypass: 2m, noData: off}");
        h.feed("BP", 1);
        h.after(3 * MIN, "BP", 1);
        assertEquals(List.of(AlarmState.RAISED, AlarmState.ESCALATED), h.states());
    }

    @Test
    void aValveOutOfItsExpectedPositionIsYellow() {
        Harness h = Harness.sensors("{tag: XV, source: A, device: d1, type: valve_position, expect: open}",
                "{tag: DV, source: A, device: d1, type: valve_position, expect: closed}",
                "{tag: FV, source: A, device: d1, type: valve_position}");
        h.feed("XV", 1).feed("DV", 0).feed("FV", 0).feed("FV", 1);
        assertTrue(h.events.isEmpty(), "each where it is expected; a valve without an expectation never alarms");
        h.feed("XV", 0);
        assertEquals("position", h.last().limitName());
        assertEquals(RiskColour.YELLOW, h.last().colour());
        assertTrue(h.last().message().endsWith("closed, expected open"), h.last().message());
        h.feed("DV", 1);
        assertTrue(h.last().message().endsWith("open, expected closed"), h.last().message());
    }

    // ---- a level switch against its transmitter ----

    static Harness tank() {
        return Harness.sensors("{tag: LT, source: A, device: d1, type: tank_level, range: [0, 20], limits: {H: 16}, noData: off}",
                "{tag: LS, source: A, device: d2, type: level_switch, trips: HH, checks: LT, setpoint: 18, noData: off}");
    }

    @Test
    void aSwitchThatStaysNormalWhileTheTransmitterReadsPastItsSetPointIsADisagreeFaultAfterAMinute() {
        Harness h = tank();
        h.feed("LT", 19).feed("LS", 0);
        h.after(30 * S, "LS", 0);
        assertNull(h.lastOf("disagree"), "not for 30 s: the two report at different moments");
        h.after(31 * S, "LS", 0);
        AlarmEvent d = h.lastOf("disagree");
        assertNotNull(d);
        assertEquals(AlarmKind.FAULT, d.kind());
        assertEquals("disagree", d.limitName());
        assertEquals(RiskColour.GREY, d.colour());
        assertTrue(d.message().contains("switch not tripped while LT at 19 m is past its set-point 18 m"), d.message());
        h.feed("LS", 1);
        assertEquals(AlarmState.CLEARED, h.lastOf("disagree").state(), "tripped now: they agree");
        assertEquals("HH", h.lastOf("state").limitName());
    }

    @Test
    void aTrippedSwitchAlwaysAlarmsEvenWhenTheTransmitterReadsLowAndTheDisagreementIsAFault() {
        Harness h = tank();
        h.feed("LT", 10).feed("LS", 1);
        assertEquals(RiskColour.RED, h.lastOf("state").colour(), "the switch is its own instrument: its trip is trusted");
        h.after(MIN, "LS", 1);
        assertTrue(h.active("disagree"));
        assertTrue(h.lastOf("disagree").message().contains("switch tripped while LT at 10 m is short of its set-point 18 m"));
        assertTrue(h.active("state"), "a fault of the check does not silence the trip");
    }

    @Test
    void withinTheToleranceOrWithAFaultyTransmitterNothingIsJudged() {
        Harness h = tank();
        h.feed("LT", 18.3).feed("LS", 0).after(2 * MIN, "LS", 0);
        assertNull(h.lastOf("disagree"), "18.3 m is within 2 % of the range (0.4 m) of the set-point");
        h.feed("LT", 19, h.clock.millis(), Quality.BAD).after(2 * MIN, "LS", 0).after(2 * MIN, "LS", 0);
        assertNull(h.lastOf("disagree"), "a faulty transmitter proves nothing");
    }

    // ---- engineering conversions and derived points ----

    @Test
    void aBaselineIsSubtractedBeforeTheLimitsJudgeTheDisplacement() {
        Harness h = Harness.sensors("{tag: IN, source: A, device: d1, type: internal_displacement, baseline: 3.2, limits: {blue: 10}}");
        h.feed("IN", 13.1);
        assertTrue(h.events.isEmpty(), "13.1 − 3.2 = 9.9 mm");
        h.feed("IN", 13.3);
        assertEquals(10.1, h.last().value(), 1e-9);
        assertEquals("blue", h.last().limitName());
    }

    @Test
    void aPiezometersHeadBecomesThePhreaticBurialDepthAndItsRangeIsTheInstruments() {
        Harness h = Harness.sensors("{tag: PZ, source: A, device: d1, type: phreatic_line, range: [0, 30], limits: {blue: 8, yellow: 6, red: 4},"
                + " piezometer: {installElevation: 120.0, surfaceElevation: 138.5}}");
        h.feed("PZ", 10); // depth 138.5 − 130 = 8.5 m
        assertTrue(h.events.isEmpty());
        h.feed("PZ", 12.6); // 5.9 m
        assertEquals("yellow", h.last().limitName());
        assertEquals(5.9, h.last().value(), 1e-9);
        h.feed("PZ", 14.2); // 4.3 m: orange is 1.1 × red = 4.4 m
        assertEquals("orange", h.last().limitName());
        h.feed("PZ", 31); // 31 m of head: beyond the instrument's 30 m (+3.125 %)
        assertEquals(AlarmKind.FAULT, h.last().kind());
        assertEquals("range", h.last().limitName());
        assertTrue(h.last().message().endsWith("the instrument's reading is outside its range [0, 30] m"), h.last().message());
    }

    @Test
    void aPiezometerReportingKpaIsConvertedByTheWeightOfWater() {
        Harness h = Harness.sensors("{tag: PZ, source: A, device: d1, type: phreatic_line, limits: {red: 4},"
                + " piezometer: {installElevation: 120.0, surfaceElevation: 138.5, input: kPa}}");
        h.feed("PZ", 14.2 * 9.80665); // 14.2 m of head: 4.3 m deep
        assertEquals("orange", h.last().limitName());
        assertEquals(4.3, h.last().value(), 1e-9);
    }

    static final String DAM = """
            site: s
            hazardSources:
              - {id: D, kind: tailings_dam, class: 3, design: {crestElevation: 157.5, highestFloodLevel: 156, minFreeboard: 0.7}}
            devices: [{id: d1}]
            sensors:
              - {tag: WL, source: D, device: d1, type: water_level, limits: {blue: 150}, deadband: 0.2}
              - {tag: FB, source: D, type: freeboard, from: WL, limits: {blue: 3.0}}
            """;

    @Test
    void theFreeboardIsDerivedFromTheWaterLevelAndTheCrestElevation() {
        Harness h = Harness.of(DAM);
        h.feed("WL", 140);
        assertTrue(h.events.isEmpty());
        h.feed("WL", 155);
        AlarmEvent fb = h.events.stream().filter(e -> e.tag().equals("FB")).findFirst().orElseThrow();
        assertEquals("blue", fb.limitName());
        assertEquals(2.5, fb.value(), 1e-9);
        assertEquals("m", fb.unit());
        h.feed("WL", 157);
        AlarmEvent red = h.events.stream().filter(e -> e.tag().equals("FB")).reduce((a, b) -> b).orElseThrow();
        assertEquals("red", red.limitName(), "0.5 m is below the design minimum freeboard 0.7 m");
        assertEquals(0.7, red.limit(), 1e-9);
        assertEquals("red", h.events.stream().filter(e -> e.tag().equals("WL")).reduce((a, b) -> b).orElseThrow().limitName(),
                "157 m is above the design highest flood level 156 m");
        h.feed("WL", 140);
        assertEquals(2, h.events.stream().filter(e -> e.state() == AlarmState.CLEARED).count());
        h.idle(31 * MIN);
        assertEquals(List.of("WL"), h.events.stream().filter(e -> e.kind() == AlarmKind.NO_DATA).map(AlarmEvent::tag).toList(),
                "a derived point is never silent on its own: its source's no-data covers it");
    }

    @Test
    void aReadingSentForADerivedPointIsNotEvaluated() {
        Harness h = Harness.of(DAM);
        h.feed("FB", 0.1);
        assertTrue(h.events.isEmpty());
        assertEquals(1, h.evaluator.derivedReported());
    }

    // ---- GB 51108 §4.5.4: a GNSS point in a warning reports at least every 30 min ----

    @Test
    void aGnssPointInAWarningIsSilentAfterThreeWarningPeriodsInsteadOfThreeOfItsOwn() {
        Harness h = Harness.sensors("{tag: G, source: A, device: d1, type: surface_displacement, period: 1h, limits: {blue: 20}, escalation: off}");
        h.feed("G", 5);
        h.idle(150 * MIN);
        assertTrue(h.events.isEmpty(), "hourly in normal state: silent only after 3 h");
        h.feed("G", 25);
        assertEquals("blue", h.last().limitName());
        h.idle(89 * MIN);
        assertEquals(1, h.events.size(), "in a warning: 30 min periods, silent after 90 min");
        h.idle(2 * MIN);
        assertEquals(AlarmKind.NO_DATA, h.last().kind());
        assertEquals("silent", h.last().limitName());
    }

    // ---- GB 18218 grade: priority and escalation ----

    @Test
    void eventsCarryTheSourcesPriorityAndHigherGradesEscalateSooner() {
        Harness h = Harness.of("""
                site: s
                hazardSources:
                  - {id: G1, grade: 1, responsible: {principal: P1}}
                  - {id: G4, grade: 4, responsible: {principal: P4}}
                  - {id: D2, kind: tailings_dam, class: 2, responsible: {principal: PD}}
                  - {id: U}
                devices: [{id: d1}]
                sensors:
                  - {tag: T1, source: G1, device: d1, type: tank_level, limits: {H: 10}, noData: off}
                  - {tag: T4, source: G4, device: d1, type: tank_level, limits: {H: 10}, noData: off}
                  - {tag: W2, source: D2, device: d1, type: water_level, limits: {blue: 10}, noData: off}
                  - {tag: TU, source: U, device: d1, type: tank_level, limits: {H: 10}, noData: off}
                """);
        h.feed("T1", 11).feed("T4", 11).feed("W2", 11).feed("TU", 11);
        assertEquals(List.of(1, 4, 2, 5), h.events.stream().map(AlarmEvent::priority).toList());
        h.idle(5 * MIN);
        assertEquals(List.of("T1"), overdue(h), "grade 1: the principal after 5 min");
        h.idle(5 * MIN);
        assertEquals(List.of("T1", "T1", "W2"), overdue(h), "class 2: after 10 min");
        h.idle(5 * MIN);
        assertEquals(List.of("T1", "T1", "W2", "T1", "T4", "TU"), overdue(h), "grade 4 and ungraded: after 15 min");
    }

    private static List<String> overdue(Harness h) {
        return h.events.stream().filter(e -> e.state() == AlarmState.ACK_OVERDUE).map(AlarmEvent::tag).toList();
    }

    // ---- the colour policy ----

    @Test
    void theSitesColourPolicyDecidesTheColourOfProcessAlarms() {
        Harness h = Harness.of("""
                site: s
                colourPolicy: {L1: yellow, H: blue, HH: orange}
                hazardSources: [{id: A}]
                devices: [{id: d1}]
                sensors:
                  - {tag: GT, source: A, device: d1, type: combustible_gas}
                  - {tag: LT, source: A, device: d1, type: tank_level, limits: {H: 10, HH: 12}}
                """);
        h.feed("GT", 30).feed("LT", 11).feed("LT", 13);
        assertEquals(List.of(RiskColour.YELLOW, RiskColour.BLUE, RiskColour.ORANGE), h.events.stream().map(AlarmEvent::colour).toList());
    }
}
