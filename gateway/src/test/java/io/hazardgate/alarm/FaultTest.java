package io.hazardgate.alarm;

import static io.hazardgate.record.AlarmState.CLEARED;
import static io.hazardgate.record.AlarmState.RAISED;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Faults are their own kind, grey, and a faulted sensor's readings never raise or clear a hazard alarm. */
class FaultTest {
    static final String GAS = "{tag: GT, source: A, device: d1, type: combustible_gas, range: [0, 100]}";
    static final String TANK = "{tag: LT, source: A, device: d1, type: tank_level, range: [0, 20], limits: {H: 16, HH: 18}}";
    static final String TEMP = "{tag: TT, source: A, device: d1, type: temperature, limits: {H: 45}, flatline: {samples: 5, tolerance: 0.01}}";

    @ParameterizedTest(name = "gas {0} {1} -> fault {2}, hazard {3}")
    @CsvSource(delimiter = '|', value = {
        "60      | good | ''       | L2",   // an ordinary gas alarm
        "103     | good | ''       | L2",   // saturating at the top of the range is still a reading (NAMUR NE 43: +3.125 %)
        "104     | good | range    | ''",
        "-1.2    | good | ''       | ''",   // just below zero is still a reading (-1.25 %)
        "-1.3    | good | range    | ''",
        "NaN     | good | nan      | ''",
        "60      | bad  | quality  | ''",
        "60      | uncertain | ''  | L2",   // uncertain readings are evaluated
    })
    void faultyReadingsAreFaultsNotGasAlarms(double value, String quality, String fault, String hazard) {
        Harness h = Harness.sensors(GAS);
        h.feed("GT", value, h.clock.millis() + 1000, Quality.valueOf(quality.toUpperCase()));
        h.clock.advance(1000);
        AlarmEvent f = h.lastOf("fault");
        assertEquals(fault, f == null ? "" : f.limitName());
        AlarmEvent g = h.lastOf("high");
        assertEquals(hazard, g == null ? "" : g.limitName());
        if (f != null) {
            assertEquals(AlarmKind.FAULT, f.kind());
            assertEquals(RiskColour.GREY, f.colour());
            assertEquals(0, f.level());
        }
    }

    @Test
    void aFaultedSensorNeitherRaisesNorClearsItsHazardAlarm() {
        Harness h = Harness.sensors(TANK);
        h.feed("LT", 19);
        h.feed("LT", 10, h.clock.millis() + 1000, Quality.BAD);
        h.feed("LT", 25, h.clock.millis() + 2000, Quality.GOOD); // out of range: still a fault
        assertEquals(List.of(RAISED), h.states("high"), "the hazard alarm is held, not cleared by bad data");
        assertEquals(List.of(RAISED), h.states("fault"));
        h.clock.advance(3000);
        h.feed("LT", 10);
        assertEquals(List.of(RAISED, CLEARED), h.states("fault"));
        assertEquals(List.of(RAISED, CLEARED), h.states("high"), "a good reading after the fault is evaluated again");
    }

    @Test
    void aStuckPointIsAFlatlineFaultUntilItMovesAgain() {
        Harness h = Harness.sensors(TEMP);
        for (int i = 0; i < 4; i++) h.feed("TT", 20 + (i % 2) * 0.005);
        assertTrue(h.events.isEmpty());
        h.feed("TT", 20);
        assertEquals("flatline", h.last().limitName());
        assertEquals("TT TT: sensor fault: stuck at 20 °C for 5 readings", h.last().message());
        h.feed("TT", 50);
        assertEquals(List.of(RAISED, CLEARED), h.states("fault"));
        assertEquals(List.of(RAISED), h.states("high"), "the reading that ends the fault is a real one");
    }

    @Test
    void flatlineIsOffUnlessConfigured() {
        Harness h = Harness.sensors(GAS);
        for (int i = 0; i < 500; i++) h.feed("GT", 0); // clean air reads exactly zero
        assertTrue(h.events.isEmpty());
    }
}
