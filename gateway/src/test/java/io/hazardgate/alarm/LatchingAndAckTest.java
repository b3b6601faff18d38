package io.hazardgate.alarm;

import static io.hazardgate.record.AlarmState.ACKNOWLEDGED;
import static io.hazardgate.record.AlarmState.CLEARED;
import static io.hazardgate.record.AlarmState.ESCALATED;
import static io.hazardgate.record.AlarmState.RAISED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gas alarms latch until acknowledged (GB/T 50493); acknowledgement is independent of clearing. */
class LatchingAndAckTest {
    static final String GAS = "{tag: GT, source: A, device: d1, type: combustible_gas, range: [0, 100]}";
    final Harness h = Harness.sensors(GAS, "{tag: LT, source: A, device: d1, type: tank_level, limits: {H: 16}}");

    @Test
    void latchedGasAlarmStaysAfterTheGasIsGoneUntilAcknowledged() {
        h.feed("GT", 30).feed("GT", 55).feed("GT", 5).feed("GT", 3);
        assertEquals(List.of(RAISED, ESCALATED), h.states(), "no deescalation, no clear while unacknowledged");
        String id = h.last().id();
        AckResult r = h.ack(id, "operator1", "checked the dike");
        assertEquals(AckResult.Outcome.ACKNOWLEDGED, r.outcome());
        assertEquals(List.of(RAISED, ESCALATED, ACKNOWLEDGED, CLEARED), h.states(), "acknowledged and back to normal: clears");
        AlarmEvent acked = h.events.get(2);
        assertEquals("operator1", acked.ack().by());
        assertEquals("checked the dike", acked.ack().comment());
        assertEquals(h.clock.millis(), acked.ack().ts());
        assertEquals(4, acked.level(), "acknowledged at the level it latched at");
        assertTrue(h.last().acknowledged(), "the cleared event still says who acknowledged");
        assertEquals(List.of(1L, 2L, 3L, 4L), h.events.stream().map(AlarmEvent::seq).toList());
    }

    @Test
    void acknowledgedWhileStillAbnormalClearsWhenTheValueReturns() {
        h.feed("GT", 30);
        h.ack(h.last().id(), "op", "");
        assertEquals(List.of(RAISED, ACKNOWLEDGED), h.states());
        h.feed("GT", 28);
        assertEquals(2, h.events.size());
        h.feed("GT", 10);
        assertEquals(List.of(RAISED, ACKNOWLEDGED, CLEARED), h.states());
    }

    @Test
    void escalationAfterAcknowledgementNeedsAnotherAcknowledgement() {
        h.feed("GT", 30);
        h.ack(h.last().id(), "op", "");
        h.feed("GT", 60);
        assertEquals(ESCALATED, h.last().state());
        assertFalse(h.last().acknowledged(), "red is a new condition to acknowledge");
        h.feed("GT", 0);
        assertEquals(3, h.events.size(), "latched again");
        assertEquals(AckResult.Outcome.ACKNOWLEDGED, h.ack(h.last().id(), "op2", "").outcome());
        assertEquals(List.of(RAISED, ACKNOWLEDGED, ESCALATED, ACKNOWLEDGED, CLEARED), h.states());
    }

    @Test
    void acknowledgementDoesNotClearAnUnlatchedAlarmAndClearingDoesNotNeedIt() {
        h.feed("LT", 17);
        AckResult r = h.ack(h.last().id(), "op", "seen");
        assertEquals(AckResult.Outcome.ACKNOWLEDGED, r.outcome());
        assertTrue(h.active("high"));
        h.feed("LT", 10);
        assertEquals(List.of(RAISED, ACKNOWLEDGED, CLEARED), h.states());
        h.feed("LT", 17);
        assertFalse(h.last().acknowledged(), "a new occurrence starts unacknowledged");
        h.feed("LT", 10);
        assertEquals(CLEARED, h.last().state(), "an unlatched alarm clears without acknowledgement");
    }

    @Test
    void acknowledgeAnswersClearlyForUnknownRepeatedAndClearedAlarms() {
        h.feed("LT", 17);
        String id = h.last().id();
        assertEquals(AckResult.Outcome.ACKNOWLEDGED, h.ack(id, "op1", "").outcome());
        AckResult again = h.ack(id, "op2", "");
        assertEquals(AckResult.Outcome.ALREADY_ACKNOWLEDGED, again.outcome());
        assertEquals("op1", again.ack().by(), "the first acknowledgement stands");
        assertEquals(2, h.events.size(), "no second acknowledged event");
        assertEquals(AckResult.Outcome.UNKNOWN_ALARM, h.ack("s:LT:high:12345", "op", "").outcome());
        assertEquals(AckResult.Outcome.UNKNOWN_ALARM, h.ack("s:XX:high:" + h.clock.millis(), "op", "").outcome());
        h.feed("LT", 10);
        assertEquals(AckResult.Outcome.NOT_ACTIVE, h.ack(id, "op", "").outcome());
        h.feed("LT", 17);
        assertNotEquals(id, h.last().id());
        assertEquals(AckResult.Outcome.NOT_ACTIVE, h.ack(id, "op", "").outcome(), "an earlier occurrence of the same rule has cleared");
    }

    @Test
    void idsStayUniqueWhenAnAlarmRaisesTwiceInOneMillisecond() {
        h.feed("LT", 17);
        long ts = h.clock.millis();
        h.feed("LT", 10, ts + 1, io.hazardgate.record.Quality.GOOD);
        h.feed("LT", 17, ts + 2, io.hazardgate.record.Quality.GOOD);
        List<AlarmEvent> raised = h.events.stream().filter(e -> e.state() == RAISED).toList();
        assertEquals(2, raised.size());
        assertNotEquals(raised.get(0).id(), raised.get(1).id());
        assertNull(AlarmId.parse("no-colons"));
        assertEquals("LT", AlarmId.parse(raised.get(1).id()).tag());
    }
}
