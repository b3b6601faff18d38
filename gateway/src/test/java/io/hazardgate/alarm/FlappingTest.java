package io.hazardgate.alarm;

import static io.hazardgate.record.AlarmState.CLEARED;
import static io.hazardgate.record.AlarmState.ESCALATED;
import static io.hazardgate.record.AlarmState.FLAPPING;
import static io.hazardgate.record.AlarmState.RAISED;
import static io.hazardgate.record.AlarmState.SETTLED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flapping: four transitions within a minute hold the alarm active until it settles for a minute. */
class FlappingTest {
    final Harness h = Harness.sensors("{tag: LT, source: A, device: d1, type: tank_level, deadband: 0,"
            + " limits: {H: 16, HH: 18}, flapping: {transitions: 4, window: 1m}, noData: off}");

    @Test
    void heldActiveAndMarkedFlappingThenClearsOnceQuiet() {
        h.feed("LT", 16).feed("LT", 15).feed("LT", 16).feed("LT", 15);
        assertEquals(List.of(RAISED, CLEARED, RAISED, FLAPPING), h.states());
        AlarmEvent flapping = h.last();
        assertTrue(flapping.flapping());
        assertTrue(flapping.isActive());
        assertEquals("H", flapping.limitName());
        for (int i = 0; i < 10; i++) h.feed("LT", i % 2 == 0 ? 16 : 15);
        assertEquals(4, h.events.size(), "no storm while flapping");
        h.idle(59_000); // the last reading said normal (15)
        assertEquals(4, h.events.size(), "not yet a whole quiet minute");
        h.idle(2_000);
        assertEquals(CLEARED, h.last().state());
        assertFalse(h.last().flapping());
        assertEquals(flapping.id(), h.last().id(), "the same occurrence ends");
    }

    @Test
    void settlesStillActiveWhenTheConditionStaysAbnormal() {
        h.feed("LT", 16).feed("LT", 15).feed("LT", 16).feed("LT", 15).feed("LT", 16);
        assertEquals(FLAPPING, h.last().state());
        h.idle(61_000);
        assertEquals(SETTLED, h.last().state());
        assertTrue(h.last().isActive());
        assertFalse(h.last().flapping());
        h.feed("LT", 15);
        assertEquals(CLEARED, h.last().state(), "after settling it follows the value again");
    }

    @Test
    void aFlappingAlarmStillEscalates() {
        h.feed("LT", 16).feed("LT", 15).feed("LT", 16).feed("LT", 15);
        h.feed("LT", 19);
        assertEquals(ESCALATED, h.last().state());
        assertEquals("HH", h.last().limitName());
        assertTrue(h.last().flapping());
    }

    @Test
    void slowTransitionsAreNotFlapping() {
        for (int i = 0; i < 6; i++) h.after(30_000, "LT", i % 2 == 0 ? 16 : 15);
        assertEquals(List.of(RAISED, CLEARED, RAISED, CLEARED, RAISED, CLEARED), h.states());
    }
}
