package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.scenario.verify.Finding;
import io.hazardgate.simulator.scenario.verify.Finding.Outcome;
import io.hazardgate.simulator.scenario.verify.PlantTimes;
import io.hazardgate.simulator.scenario.verify.Verdict;
import io.hazardgate.simulator.scenario.verify.VerdictText;
import io.hazardgate.simulator.scenario.verify.Verifier;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matching rules of verification, on hand-made events: each outcome, and the text a person reads. */
class VerifierTest {
    private static final long START = 1_795_000_000_000L;
    private static final long MIN = 60_000;

    @TempDir
    Path dir;

    private final List<ObservedAlarm> alarms = new ArrayList<>();
    private final List<ObservedError> errors = new ArrayList<>();

    private Scenario scenario() throws Exception {
        Path f = dir.resolve("leak.yaml");
        Files.writeString(f, """
                description: test
                site: demo
                duration: 20m
                incidents:
                  - {id: leak, at: 2m, for: 4m, tag: GT-101, ramp: {to: 60}}
                  - {id: junk, at: 8m, device: dtu-tf1, garbage: {payload: missing-value}}
                expect:
                  - {tag: GT-101, state: raised, colour: orange, after: leak, within: 2m}
                  - {tag: GT-101, state: escalated, colour: red, after: leak, within: 4m}
                  - {tag: GT-101, state: cleared, after: 10m, within: 2m}
                  - {device: dtu-tf1, error: "missing 'value'", after: junk, within: 1m}
                expectNone:
                  - {until: leak}
                """);
        return ScenarioLoader.load(f, List.of(Sites.demo()));
    }

    private Verdict verify() throws Exception {
        return verify(Set.of());
    }

    private Verdict verify(Set<String> kinds) throws Exception {
        PlantTimes times = new PlantTimes(new TimeBase(START, 60), START, MessageTimestamps.PLANT, true);
        return new Verifier(scenario(), times, kinds, Set.of("demo")).verify(alarms, errors);
    }

    /** An event caused by a reading at {@code minutes} into the scenario. */
    private void alarm(String tag, String kind, String state, String colour, double minutes) {
        long ts = START + (long) (minutes * MIN);
        alarms.add(new ObservedAlarm("alarm/demo/TF1/" + tag, "demo:" + tag + ":high:" + ts, 1, "demo", "TF1", tag, "high", "L1", kind, 3,
                colour, state, 30, 25, "%LEL", ts, ts, "", ts, ""));
    }

    private void error(String text, double minutes) {
        long wall = START + (long) (minutes * MIN / 60); // speed 60: a plant minute is a wall second
        errors.add(new ObservedError("demo", "dtu-tf1", text, false, wall, wall));
    }

    private void theWholeStory() {
        alarm("GT-101", "threshold", "raised", "orange", 3.5);
        alarm("GT-101", "threshold", "escalated", "red", 5);
        alarm("GT-101", "threshold", "cleared", "red", 11);
        error("readings[0]: missing 'value'", 8.2);
    }

    @Test
    void everyExpectationMetInItsWindowPasses() throws Exception {
        theWholeStory();
        Verdict v = verify();
        assertTrue(v.passed(), VerdictText.render(v));
        assertEquals(4, v.count(Outcome.OK));
        assertTrue(VerdictText.render(v).contains("PASSED"));
    }

    @Test
    void anEventAfterItsWindowIsLateByHowMuch() throws Exception {
        alarm("GT-101", "threshold", "raised", "orange", 4.5); // window closes at 4m
        alarm("GT-101", "threshold", "escalated", "red", 5);
        alarm("GT-101", "threshold", "cleared", "red", 11);
        error("readings[0]: missing 'value'", 8.2);
        Verdict v = verify();
        assertFalse(v.passed());
        Finding late = only(v, Outcome.LATE);
        assertEquals("GT-101 threshold raised orange", late.what());
        assertTrue(late.detail().contains("2m30s after leak, 30s past its window of 2m"), late.detail());
    }

    @Test
    void aWrongColourIsMissingAndShowsWhatCameInstead() throws Exception {
        theWholeStory();
        alarms.set(0, new ObservedAlarm("alarm/demo/TF1/GT-101", "x", 1, "demo", "TF1", "GT-101", "high", "L1", "threshold", 2, "yellow",
                "raised", 30, 25, "%LEL", START + 3 * MIN, START + 3 * MIN, "", START + 3 * MIN, ""));
        Verdict v = verify();
        Finding missing = only(v, Outcome.MISSING);
        assertEquals("GT-101 threshold raised orange", missing.what());
        assertTrue(missing.detail().contains("on GT-101 came: threshold raised yellow L1 at +3m"), missing.detail());
        // The yellow event itself falls in the window of an expectation for GT-101: part of the episode, not a second failure.
        assertEquals(1, v.count(Outcome.TOLERATED));
        assertEquals(1, v.count(Outcome.MISSING));
    }

    @Test
    void anEventNobodyExpectedIsUnexpected() throws Exception {
        theWholeStory();
        alarm("LT-101", "threshold", "raised", "yellow", 12);
        Finding f = only(verify(), Outcome.UNEXPECTED);
        assertTrue(f.what().startsWith("LT-101 threshold raised yellow"), f.what());
        assertEquals(12 * MIN, f.offsetMillis());
    }

    @Test
    void anEventInAnExpectNoneWindowIsForbidden() throws Exception {
        theWholeStory();
        alarm("TT-101", "threshold", "raised", "yellow", 1);
        Finding f = only(verify(), Outcome.FORBIDDEN);
        assertTrue(f.detail().startsWith("expectNone[0]: no alarm from the start until leak"), f.detail());
    }

    @Test
    void clearingAnAlarmRaisedBeforeTheScenarioIsPointedOut() throws Exception {
        theWholeStory();
        alarm("RG-01", "threshold", "cleared", "blue", 0);
        Finding f = only(verify(), Outcome.FORBIDDEN);
        assertTrue(f.detail().contains("raised before the scenario began"), f.detail());
    }

    @Test
    void aMissingDeviceErrorAndAStrayOneAreBothReported() throws Exception {
        alarm("GT-101", "threshold", "raised", "orange", 3.5);
        alarm("GT-101", "threshold", "escalated", "red", 5);
        alarm("GT-101", "threshold", "cleared", "red", 11);
        error("readings[0].value must be a number", 8.1);
        Verdict v = verify();
        assertEquals("dtu-tf1 error \"missing 'value'\"", only(v, Outcome.MISSING).what());
        assertTrue(only(v, Outcome.MISSING).detail().contains("\"readings[0].value must be a number\""));
        assertTrue(only(v, Outcome.UNEXPECTED).what().contains("must be a number"));
    }

    @Test
    void kindsLeftOutAreSkippedAndTheirEventsIgnored() throws Exception {
        theWholeStory();
        alarm("PT-101", "fault", "raised", "", 6);
        Verdict v = verify(Set.of("fault"));
        assertEquals(3, v.count(Outcome.SKIPPED));
        assertEquals(3, v.ignored(), "the three threshold events");
        assertEquals(1, v.count(Outcome.UNEXPECTED), "the fault: verified, and not expected");
    }

    @Test
    void eachEventMeetsOneExpectationOnly() throws Exception {
        alarm("GT-101", "threshold", "raised", "orange", 3);
        alarm("GT-101", "threshold", "escalated", "red", 5);
        error("readings[0]: missing 'value'", 8.2);
        Verdict v = verify();
        assertEquals("GT-101 threshold cleared", only(v, Outcome.MISSING).what());
        assertTrue(VerdictText.render(v).contains("FAILED leak: 1 missing (3 ok)"), VerdictText.render(v));
    }

    // --- lifecycle events, causes, and what is skipped or ignored ---

    private Scenario latched() throws Exception {
        Path f = dir.resolve("latched.yaml");
        Files.writeString(f, """
                description: test
                site: demo
                devices: [dtu-tf1]
                duration: 40m
                incidents:
                  - {id: leak, at: 2m, for: 4m, tag: GT-101, ramp: {to: 60}}
                  - {id: ack, at: 10m, tag: GT-101, ack: {}}
                  - {id: overfill, at: 2m, for: 10m, tag: LT-101, ramp: {to: 17}}
                expect:
                  - {tag: GT-101, state: raised, after: leak, within: 2m}
                  - {tag: GT-101, state: acknowledged, after: ack, within: 1m}
                  - {tag: GT-101, state: cleared, after: ack, within: 1m}
                  - {tag: LT-101, state: raised, after: overfill, within: 10m}
                  - {tag: LT-101, state: ack_overdue, after: 24m, within: 2m}
                  - {tag: LT-101, state: cleared, after: 28m, within: 5m}
                expectNone:
                  - {from: 6m, until: ack, tag: GT-101}
                  - {from: 13m, until: 28m, tag: LT-101, kind: threshold}
                """);
        return ScenarioLoader.load(f, List.of(Sites.demo()));
    }

    /** Whether the gateway of {@link #event} runs on the wall clock (the plant at speed 60) rather than on plant time. */
    private boolean wallClockGateway;

    private Verdict verifyLatched() throws Exception {
        PlantTimes times = new PlantTimes(new TimeBase(START, 60), START, MessageTimestamps.PLANT, !wallClockGateway);
        return new Verifier(latched(), times, Set.of(), Set.of("demo")).verify(alarms, errors);
    }

    /**
     * An event of alarm {@code n} (its id), caused by a reading at {@code readingMin} and made by the gateway at
     * {@code eventMin} (plant minutes; on the gateway's own clock).
     */
    private void event(int n, String tag, String kind, String state, long seq, double readingMin, double eventMin) {
        long reading = START + (long) (readingMin * MIN);
        long made = START + (long) (eventMin * MIN / (wallClockGateway ? 60 : 1));
        String rule = kind.equals("no_data") ? "no_data" : "high";
        alarms.add(new ObservedAlarm("alarm/demo/TF1/" + tag, "demo:" + tag + ":" + rule + ":" + n, seq, "demo", "TF1", tag, rule, "",
                kind, kind.equals("no_data") ? 0 : 3, kind.equals("no_data") ? "grey" : "orange", state, Double.NaN, 25, "", reading, made, "", made, ""));
    }

    private void latchedStory() {
        event(1, "GT-101", "threshold", "raised", 1, 3.5, 3.5);
        event(1, "GT-101", "threshold", "acknowledged", 2, 9.9, 10);
        event(1, "GT-101", "threshold", "cleared", 3, 9.9, 10); // the gas went at 8m; the acknowledgement cleared it
        event(2, "LT-101", "threshold", "raised", 1, 9.5, 9.5);
        event(2, "LT-101", "threshold", "ack_overdue", 2, 24, 24.5); // 15 minutes by the gateway's clock, nobody having acknowledged
        event(2, "LT-101", "threshold", "cleared", 9, 30, 30);
    }

    @Test
    void anEventIsNeverCausedBeforeTheOneBeforeItInItsAlarm() throws Exception {
        latchedStory();
        Verdict v = verifyLatched();
        assertTrue(v.passed(), VerdictText.render(v));
        Finding cleared = v.findings().stream().filter(f -> f.what().equals("GT-101 threshold cleared")).findFirst().orElseThrow();
        assertEquals(10 * MIN, cleared.offsetMillis(), "cleared by the acknowledgement at 10m, though its reading is from 9m54s");
    }

    @Test
    void lifecycleEventsOfAnAlarmRaisedHereAreToleratedUnlessTheScenarioExpectsThatState() throws Exception {
        latchedStory();
        event(1, "GT-101", "threshold", "ack_overdue", 4, 9.9, 9.8); // not expected on GT-101: part of its alarm's life
        event(2, "LT-101", "threshold", "ack_overdue", 3, 24, 27); // expected on LT-101: a second one is not
        Verdict v = verifyLatched();
        Finding tolerated = only(v, Outcome.TOLERATED);
        assertTrue(tolerated.detail().startsWith("in the life of the alarm raised at +3m30s; the scenario does not expect ack_overdue"),
                tolerated.detail());
        Finding forbidden = only(v, Outcome.FORBIDDEN);
        assertTrue(forbidden.what().startsWith("LT-101 threshold ack_overdue") && forbidden.offsetMillis() == 27 * MIN, forbidden.what());
    }

    @Test
    void whatTheGatewayDecidesByItsClockIsSkippedWhenItsClockDoesNotKeepThePlantsPace() throws Exception {
        wallClockGateway = true;
        latchedStory();
        event(2, "LT-101", "threshold", "ack_overdue", 3, 24, 27); // ignored with the expectation it would have matched
        Verdict v = verifyLatched();
        assertTrue(v.passed(), VerdictText.render(v));
        Finding skipped = only(v, Outcome.SKIPPED);
        assertEquals("LT-101 threshold ack_overdue", skipped.what());
        assertTrue(skipped.detail().contains("does not keep the plant's pace at speed 60"), skipped.detail());
        assertEquals(2, v.ignored());
    }

    @Test
    void silenceOfPointsNotPlayedOrLeftFromBeforeTheStartIsIgnored() throws Exception {
        latchedStory();
        event(3, "WL-01", "no_data", "raised", 1, 0, 31); // dtu-td1 is not played: its points fall silent
        event(4, "TT-101", "no_data", "cleared", 2, 0.1, 0.1); // silent before the start, back with the first reading
        event(5, "TT-101", "no_data", "raised", 1, 20, 21); // silence of a played point during the run: unexpected
        Verdict v = verifyLatched();
        assertEquals(2, v.ignored(), VerdictText.render(v));
        assertEquals("TT-101 no_data raised grey", only(v, Outcome.UNEXPECTED).what());
    }

    /** A rain gauge's alarms are on its 24 h sum of readings: with wall-clock timestamps at speed, that sum is not the plant's day. */
    @Test
    void alarmsOnASumOverReadingTimestampsAreSkippedWithWallTimestampsAtSpeed() throws Exception {
        Path f = dir.resolve("rain.yaml");
        Files.writeString(f, """
                site: demo
                devices: [dtu-td1]
                duration: 6h
                incidents: [{id: storm, at: 30m, for: 3h, tag: RG-01, step: {value: 5}}]
                expect:
                  - {tag: RG-01, state: raised, colour: blue, after: storm, within: 2h}
                  - {tag: WL-01, state: raised, colour: blue, after: storm, within: 5h}
                """);
        Scenario s = ScenarioLoader.load(f, List.of(Sites.demo()));
        // WL-01 raised by a reading at 3 plant hours, stamped with the wall clock at speed 60
        alarms.add(new ObservedAlarm("alarm/demo/TD1/WL-01", "demo:WL-01:high:1", 1, "demo", "TD1", "WL-01", "high", "blue", "threshold", 1,
                "blue", "raised", 150.1, 150, "m", START + 180 * MIN / 60, START + 180 * MIN / 60, "", START, ""));
        PlantTimes wall = new PlantTimes(new TimeBase(START, 60), START, MessageTimestamps.WALL, false);
        Verdict v = new Verifier(s, wall, Set.of(), Set.of("demo")).verify(alarms, errors);
        assertTrue(v.passed(), VerdictText.render(v));
        assertTrue(only(v, Outcome.SKIPPED).detail().startsWith("the gateway judges it over a window of reading timestamps"),
                only(v, Outcome.SKIPPED).detail());
        PlantTimes plant = new PlantTimes(new TimeBase(START, 60), START, MessageTimestamps.PLANT, true);
        assertEquals("RG-01 threshold raised blue", only(new Verifier(s, plant, Set.of(), Set.of("demo")).verify(List.of(), errors),
                Outcome.MISSING, 2).what(), "judged with plant timestamps");
    }

    @Test
    void aRuleNamedInAnExpectationMustBeTheEventsRule() throws Exception {
        Path f = dir.resolve("trend.yaml");
        Files.writeString(f, """
                site: demo
                devices: [dtu-td1]
                duration: 2d
                incidents: [{id: acceleration, at: 6h, for: 16h, tag: GNSS-01, accelerate: {rate: 1, acceleration: 36}}]
                expect: [{tag: GNSS-01, kind: trend, rule: tangent_angle, state: raised, after: acceleration, within: 7h}]
                """);
        Scenario s = ScenarioLoader.load(f, List.of(Sites.demo()));
        long ts = START + 10 * 60 * MIN;
        alarms.add(new ObservedAlarm("alarm/demo/TD1/GNSS-01", "demo:GNSS-01:rate:1", 1, "demo", "TD1", "GNSS-01", "rate", "blue", "trend", 1,
                "blue", "raised", 2.1, 2, "mm/d", ts, ts, "", ts, ""));
        PlantTimes times = new PlantTimes(new TimeBase(START, 60), START, MessageTimestamps.PLANT, true);
        Verdict v = new Verifier(s, times, Set.of(), Set.of("demo")).verify(alarms, errors);
        assertEquals("GNSS-01 trend tangent_angle raised", only(v, Outcome.MISSING).what());
        assertTrue(only(v, Outcome.MISSING).detail().contains("trend rate raised blue"), only(v, Outcome.MISSING).detail());
    }

    private static Finding only(Verdict v, Outcome o, int of) {
        List<Finding> f = v.findings().stream().filter(x -> x.outcome() == o).toList();
        assertEquals(of, f.size(), o + " in\n" + VerdictText.render(v));
        return f.get(0);
    }

    private static Finding only(Verdict v, Outcome o) {
        List<Finding> f = v.findings().stream().filter(x -> x.outcome() == o).toList();
        assertEquals(1, f.size(), o + " in\n" + VerdictText.render(v));
        return f.get(0);
    }
}
