package io.hazardgate.alarm;

import static io.hazardgate.record.AlarmState.ACKNOWLEDGED;
import static io.hazardgate.record.AlarmState.ACK_OVERDUE;
import static io.hazardgate.record.AlarmState.RAISED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Escalation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * The shard's tick can come late: after a restart, a clock step, or a shard busy with a backlog. Every
     * step that fell due meanwhile is still reported, once, in order, so that each responsible person is
     * named and the principal always first; none is reported twice afterwards.
     */
    @ParameterizedTest(name = "first tick {0} s after the raise -> {1}, then {2}")
    @CsvSource(delimiter = '|', value = {
        "59   | ''                                | principal technical operational",
        "61   | principal                         | technical operational",
        "121  | principal technical               | operational",
        "185  | principal technical operational   | ''",
        "7200 | principal technical operational   | ''",
    })
    void namesEveryPersonDueWhenTheTickComesLate(long firstTickSeconds, String atFirstTick, String afterwards) {
        Harness h = Harness.sensors(TANK);
        h.feed("LT", 17);
        h.clock.advance(firstTickSeconds * 1000);
        h.tick();
        assertEquals(words(atFirstTick), roles(h));
        int seen = roles(h).size();
        h.idle(600_000);
        assertEquals(words(afterwards), roles(h).subList(seen, roles(h).size()));
        for (int i = 1; i < h.events.size(); i++) assertEquals(h.events.get(i - 1).seq() + 1, h.events.get(i).seq(), "one seq per event");
    }

    /** However late the tick, each step is stamped when it fell due: the raise plus its time. */
    @Test
    void eachStepCarriesTheTimeItFellDueNotTheTimeOfALateTick() {
        Harness h = Harness.sensors(TANK);
        h.feed("LT", 17);
        long raised = h.last().raisedTs();
        h.clock.advance(185_000);
        h.tick();
        List<Long> times = h.events.stream().filter(e -> e.state() == ACK_OVERDUE).map(AlarmEvent::eventTs).toList();
        assertEquals(List.of(raised + 60_000, raised + 120_000, raised + 180_000), times);
    }

    /**
     * An alarm acknowledged at H and then escalated to HH needs acknowledging again; the first step falls due
     * a minute after the raise, by which time the alarm was acknowledged, so it is overdue from its
     * escalation on, not from before.
     */
    @Test
    void anAcknowledgedAlarmThatEscalatesIsOverdueFromItsEscalationNotBefore() {
        Harness h = Harness.sensors("{tag: LT, source: A, device: d1, type: tank_level, limits: {H: 16, HH: 18}, escalation: [1m, 2m, 3m],"
                + " noData: off}");
        h.feed("LT", 17);
        h.ack(h.last().id(), "op", "");
        h.clock.advance(89_000);
        h.feed("LT", 19); // +90 s
        long escalated = h.last().eventTs();
        assertEquals(AlarmState.ESCALATED, h.last().state());
        h.clock.advance(5_000);
        h.tick();
        AlarmEvent overdue = h.last();
        assertEquals(ACK_OVERDUE, overdue.state());
        assertEquals(escalated, overdue.eventTs());
        assertEquals("principal", overdue.escalation().role());
    }

    private static List<String> roles(Harness h) {
        return h.events.stream().filter(e -> e.state() == ACK_OVERDUE).map(e -> e.escalation().role()).toList();
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
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

    /** Red does not wait as long as yellow, and the ladder goes on to the supervisor above the responsible persons. */
    static final String LADDERS = "{tag: LT, source: A, device: d1, type: tank_level, limits: {H: 16, HH: 18}, noData: off,"
            + " escalation: {red: [{after: 2m, to: supervisor}], yellow: [{after: 10m, to: operational}, {after: 20m, to: principal},"
            + " {after: 30m, to: supervisor}]}}";

    @Test
    void redClimbsItsShorterLadderToTheSupervisor() {
        Harness h = Harness.sensors(LADDERS);
        h.feed("LT", 19); // red at once
        h.idle(119_000);
        assertEquals(List.of(RAISED), h.states());
        h.idle(2_000);
        assertEquals(new Escalation(1, "supervisor", "S1"), h.last().escalation());
        assertEquals("LT LT: high alarm not acknowledged within 2 min: escalated to the supervisor responsible person S1",
                h.last().message());
        h.idle(3_600_000);
        assertEquals(List.of(RAISED, ACK_OVERDUE), h.states(), "one step on red's ladder");
    }

    @Test
    void yellowWaitsLongerAndClimbsEveryRung() {
        Harness h = Harness.sensors(LADDERS);
        h.feed("LT", 17); // yellow
        h.idle(9 * 60_000);
        assertEquals(List.of(RAISED), h.states(), "red would have escalated by now; yellow waits 10 min");
        h.idle(61_000);
        assertEquals(new Escalation(1, "operational", "O1"), h.last().escalation());
        h.idle(3_600_000);
        assertEquals(List.of("operational", "principal", "supervisor"), roles(h));
    }

    @Test
    void turningRedStartsRedsLadderCountedFromTheRaise() {
        Harness h = Harness.sensors(LADDERS);
        h.feed("LT", 17);
        h.idle(11 * 60_000);
        assertEquals(List.of("operational"), roles(h), "yellow's first step");
        h.feed("LT", 19);
        assertEquals(AlarmState.ESCALATED, h.last().state());
        assertNull(h.last().escalation(), "a higher colour starts its own ladder");
        h.tick();
        assertEquals(new Escalation(1, "supervisor", "S1"), h.last().escalation(),
                "unacknowledged for 11 minutes: red's 2-minute step is due at once");
        h.idle(3_600_000);
        assertEquals(List.of("operational", "supervisor"), roles(h));
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
