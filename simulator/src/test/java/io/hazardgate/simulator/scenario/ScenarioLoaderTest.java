package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigException;
import io.hazardgate.simulator.testing.Sites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

class ScenarioLoaderTest {
    @TempDir
    Path dir;

    @Test
    void everyShippedScenarioIsValidForTheDemoPlantAndCoversTheIncidentTypes() throws Exception {
        List<String> names = Scenarios.names(Sites.SCENARIOS);
        assertEquals(List.of("dam-displacement", "garbage", "gas-leak", "logger-offline", "rainstorm", "sensor-faults", "tank-overfill"), names);
        Set<Class<?>> shapes = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (String n : names) {
            Scenario s = ScenarioLoader.load(Sites.SCENARIOS.resolve(n + ".yaml"), List.of(Sites.demo()));
            assertEquals(n, s.name());
            assertFalse(s.description().isBlank(), n + " says what it is");
            assertFalse(s.alarms().isEmpty() && s.errors().isEmpty(), n + " expects something");
            for (Incident i : s.incidents()) shapes.add(i instanceof PointIncident p ? p.shape().getClass() : i.getClass());
            kinds.addAll(s.expectedKinds());
        }
        assertEquals(10, shapes.size(), "ramp, hold, step, flatline, out-of-range, bad quality, acceleration, offline, garbage, ack: " + shapes);
        assertEquals(Set.copyOf(AlarmKinds.ALL), kinds);
    }

    @Test
    void anOutOfRangeFaultDefaultsToTenPercentOfTheSpanBeyondTheRange() throws Exception {
        Scenario s = load("""
                duration: 10m
                incidents: [{at: 1m, for: 1m, tag: TT-101, out-of-range: {side: low}}, {at: 3m, for: 1m, tag: TT-101, out-of-range: {}}]
                """);
        assertEquals(new PointShape.OutOfRange(-56), ((PointIncident) s.incidents().get(0)).shape());
        assertEquals(new PointShape.OutOfRange(136), ((PointIncident) s.incidents().get(1)).shape());
    }

    @Test
    void expectationsResolveIncidentIdsAndPlantTimesAndExpandTagLists() throws Exception {
        Scenario s = load("""
                duration: 3h
                incidents: [{id: outage, at: 30m, for: 1h, device: dtu-td1, offline: {}}]
                expect:
                  - {tags: [PZ-01, WL-01], kind: no_data, after: outage, within: 20m}
                  - {tag: PZ-01, kind: no_data, state: cleared, after: 1h30m, within: 4m30s}
                """);
        assertEquals(3, s.alarms().size());
        AlarmExpectation first = s.alarms().get(0);
        assertEquals("demo", first.site());
        assertEquals(new TimeRef("outage", 30 * 60_000), first.after());
        assertEquals(20 * 60_000, first.withinMillis());
        assertEquals(new TimeRef("1h30m", 90 * 60_000), s.alarms().get(2).after());
        assertEquals(270_000, s.alarms().get(2).withinMillis());
        assertTrue(((OfflineIncident) s.incidents().get(0)).upload(), "uploading is the default");
    }

    static Stream<Arguments> invalidScenarios() {
        return Stream.of(
                Arguments.of("unknown tag", "incidents: [{at: 1m, for: 1m, tag: GT-999, step: {value: 1}}]", "incidents[0].tag", "unknown tag 'GT-999' in site 'demo'"),
                Arguments.of("two types", "incidents: [{at: 1m, for: 1m, tag: GT-101, step: {value: 1}, hold: {}}]", "incidents[0]", "has 2 incident types (step, hold)"),
                Arguments.of("no type", "incidents: [{at: 1m, for: 1m, tag: GT-101}]", "incidents[0]", "needs one incident type"),
                Arguments.of("misspelt field", "incidents: [{at: 1m, for: 1m, tag: GT-101, ramp: {too: 60}}]", "incidents[0].ramp.too", "unknown field (expected one of from, to)"),
                Arguments.of("ramp target", "incidents: [{at: 1m, for: 1m, tag: GT-101, ramp: {to: lots}}]", "incidents[0].ramp.to", "must be a number or 'normal'"),
                Arguments.of("missing length", "incidents: [{at: 1m, tag: GT-101, step: {value: 1}}]", "incidents[0].for", "is required"),
                Arguments.of("past the end", "incidents: [{at: 9m, for: 2m, tag: GT-101, step: {value: 1}}]", "incidents[0].for", "ends after the scenario does"),
                Arguments.of("bad duration", "incidents: [{at: soon, for: 2m, tag: GT-101, step: {value: 1}}]", "incidents[0].at", "must be a duration like"),
                Arguments.of("overlap", "incidents: [{at: 1m, for: 3m, tag: GT-101, step: {value: 1}}, {at: 2m, for: 1m, tag: GT-101, hold: {}}]", "incidents[1]", "overlaps incidents[0] on GT-101"),
                Arguments.of("device for a point", "incidents: [{at: 1m, for: 1m, device: dtu-tf1, flatline: {}}]", "incidents[0].device", "give 'tag', not 'device'"),
                Arguments.of("unknown device", "incidents: [{at: 1m, for: 1m, device: dtu-zz, offline: {}}]", "incidents[0].device", "unknown device 'dtu-zz'"),
                Arguments.of("garbage kind", "incidents: [{at: 1m, device: dtu-tf1, garbage: {payload: spam}}]", "incidents[0].garbage.payload", "must be one of malformed-json"),
                Arguments.of("garbage with for", "incidents: [{at: 1m, for: 1m, device: dtu-tf1, garbage: {payload: missing-value}}]", "incidents[0].for", "has no 'for'"),
                Arguments.of("upload too late", "incidents: [{at: 5m, for: 5m, device: dtu-td1, offline: {}}]", "incidents[0].for", "must be back before the scenario ends"),
                Arguments.of("inside the range", "incidents: [{at: 1m, for: 1m, tag: TT-101, out-of-range: {value: 20}}]", "incidents[0].out-of-range.value", "20.0 is inside the range of TT-101"),
                Arguments.of("duplicate id", "incidents: [{id: a, at: 1m, for: 1m, tag: GT-101, hold: {}}, {id: a, at: 3m, for: 1m, tag: LT-101, hold: {}}]", "incidents[1].id", "duplicate incident id 'a'"),
                Arguments.of("unknown anchor", "incidents: []\nexpect: [{tag: GT-101, after: leak, within: 1m}]", "expect[0].after", "'leak' is neither a plant time"),
                Arguments.of("window past the end", "incidents: []\nexpect: [{tag: GT-101, after: 9m, within: 2m}]", "expect[0].within", "the window ends after the scenario does"),
                Arguments.of("bad colour", "incidents: []\nexpect: [{tag: GT-101, colour: purple, after: 1m, within: 2m}]", "expect[0].colour", "must be one of blue, yellow, orange, red"),
                Arguments.of("bad kind", "incidents: []\nexpect: [{tag: GT-101, kind: smoke, after: 1m, within: 2m}]", "expect[0].kind", "must be one of threshold, trend, no_data, fault"),
                Arguments.of("tag and device", "incidents: []\nexpect: [{tag: GT-101, device: dtu-tf1, error: x, after: 1m, within: 2m}]", "expect[0]", "either an alarm (tag) or a device error"),
                Arguments.of("quiet backwards", "incidents: []\nexpectNone: [{from: 5m, until: 2m}]", "expectNone[0].until", "must be after 'from'"),
                Arguments.of("unknown top field", "incidents: []\nrepeat: 3", "repeat", "unknown field"),
                Arguments.of("ack with for", "incidents: [{at: 1m, for: 1m, tag: GT-101, ack: {}}]", "incidents[0].for", "an acknowledgement is a moment"),
                Arguments.of("ack of a device", "incidents: [{at: 1m, device: dtu-tf1, ack: {}}]", "incidents[0].device", "give 'tag', not 'device'"),
                Arguments.of("ack field", "incidents: [{at: 1m, tag: GT-101, ack: {who: me}}]", "incidents[0].ack.who", "unknown field (expected one of comment)"),
                Arguments.of("unknown rule", "incidents: []\nexpect: [{tag: GT-101, rule: rate, after: 1m, within: 2m}]", "expect[0].rule",
                        "GT-101 has no rule 'rate' (its rules: high, low, no_data, fault)"),
                Arguments.of("unknown state", "incidents: []\nexpect: [{tag: GT-101, state: snoozed, after: 1m, within: 2m}]", "expect[0].state",
                        "must be one of raised, escalated, deescalated, cleared, acknowledged, ack_overdue, flapping, settled")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidScenarios")
    void invalidScenarioFailsNamingFileFieldAndReason(String what, String body, String field, String reason) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("site: demo\nduration: 10m\n" + body + "\n"));
        assertTrue(e.getMessage().startsWith(dir.resolve("s.yaml").toString() + ": "), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
    }

    @Test
    void aPointOfALoggerTheScenarioLeavesOutIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                devices: [dtu-td1]
                duration: 10m
                incidents: [{at: 1m, for: 1m, tag: GT-101, step: {value: 60}}]
                """));
        assertEquals("incidents[0].tag", e.field());
        assertTrue(e.reason().contains("which this scenario's 'devices' leaves out"), e.getMessage());
    }

    @Test
    void yamlThatDoesNotParseNamesTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("duration: [10m\n"));
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    private Scenario load(String yaml) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, yaml);
        return ScenarioLoader.load(f, List.of(Sites.demo()));
    }
}
