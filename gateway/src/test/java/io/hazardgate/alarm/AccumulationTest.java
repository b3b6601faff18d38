package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rainfall: the gauge reports increments; the limits judge their sliding 24 h sum. */
class AccumulationTest {
    static final long TEN_MIN = 600_000L;
    static final String RAIN = "{tag: RG, source: A, device: d1, type: rainfall, period: 10m, noData: off,"
            + " limits: {blue: 25, yellow: 50, orange: 100, red: 250}}";

    @Test
    void yellowAtFiftyMillimetresInTwentyFourHoursThenClearsAsTheRainLeavesTheWindow() {
        Harness h = Harness.sensors(RAIN);
        for (int i = 0; i < 9; i++) h.after(TEN_MIN, "RG", 5);
        assertEquals(List.of(AlarmState.RAISED), h.states());
        assertEquals("blue", h.last().limitName());
        h.after(TEN_MIN, "RG", 5);
        assertEquals("yellow", h.last().limitName());
        assertEquals(50.0, h.last().value());
        assertEquals("RG RG: 50 mm in 24 h at or above yellow limit 50 mm", h.last().message());
        for (int i = 0; i < 6 * 22; i++) h.after(TEN_MIN, "RG", 0);
        assertEquals(2, h.events.size(), "22 h after the storm it is all still inside the window");
        for (int i = 0; i < 6 * 3; i++) h.after(TEN_MIN, "RG", 0);
        assertEquals(List.of(AlarmState.RAISED, AlarmState.ESCALATED, AlarmState.DEESCALATED, AlarmState.CLEARED), h.states(),
                "as the storm's first half hours leave the window it falls back to blue, then clears");
    }

    @Test
    void lateIncrementsCountOnceAndRedeliveriesDoNot() {
        Harness h = Harness.sensors(RAIN);
        long t0 = h.clock.millis();
        h.after(6 * TEN_MIN, "RG", 0);
        // the logger uploads the last hour's buffered increments after its live reading
        for (int i = 1; i <= 5; i++) h.feed("RG", 10, t0 + i * TEN_MIN, Quality.GOOD);
        for (int i = 1; i <= 5; i++) h.feed("RG", 10, t0 + i * TEN_MIN, Quality.GOOD); // and sends them again
        assertTrue(h.events.isEmpty(), "late readings are not evaluated");
        h.after(TEN_MIN, "RG", 0.5);
        assertEquals("yellow", h.last().limitName());
        assertEquals(50.5, h.last().value(), 1e-9, "each buffered increment counted once");
    }
}
