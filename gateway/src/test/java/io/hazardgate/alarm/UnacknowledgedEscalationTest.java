package io.hazardgate.alarm;

import static io.hazardgate.alarm.AlarmState.ACKNOWLEDGED;
import static io.hazardgate.alarm.AlarmState.ACK_OVERDUE;
import static io.hazardgate.alarm.AlarmState.RAISED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An alarm nobody acknowledges escalates to the principal, then technical, then operational person. */
class UnacknowledgedEscalationTest {
    static final String TANK = "{tag: LT, source: A, device: d1, type: tank_level, limits: {H: 16}, escalation: [1m, 2m, 3m], noData: off}";

    @Test
    void namesTheNextResponsiblePersonAtEachStep() {
        Harness h = Harness.sensors(TANK);
        h.feed("LT", 17);
        h.idle(59_000);
        assertEquals(List.of(RAISED), h.states());
        h.idle(2_000);
        AlarmEvent first = h.last();
        assertEquals(ACK_OVERDUE, first.state());
        assertEquals(new Escalation(1, "principal", "P1"), first.escalation());
        assertEquals("LT LT: high alarm not acknowledged within 1 min: escalated to the principal responsible person P1",
                first.message());
        h.idle(60_000);
        assertEquals(new Escalation(2, "technical", "T1"), h.last().escalation());
        h.idle(60_000);
        assertEquals(new Escalation(3, "operational", "O1"), h.last().escalation());
        h.idle(600_000);
        assertEquals(4, h.events.size(), "three persons, three steps");
    }

    @Test
    void acknowledgementStopsEscalation() {
        Harness h = Harness.sensors(TANK);
        h.feed("LT", 17);
        h.idle(61_000);
        h.ack(h.last().id(), "op", "");
        h.idle(600_000);
        assertEquals(List.of(RAISED, ACK_OVERDUE, ACKNOWLEDGED), h.states());
        assertEquals(1, h.last().escalation().step(), "the acknowledged event keeps the escalation it reached");
    }

    @Test
    void escalationOffMeansNone() {
        Harness h = Harness.sensors("{tag: LT, source: A, device: d1, type: tank_level, limits: {H: 16}, escalation: off, noData: off}");
        h.feed("LT", 17);
        h.idle(3_600_000);
        assertEquals(List.of(RAISED), h.states());
        assertNull(h.last().escalation());
    }
}
