package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.testing.TestClock;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard that falls behind (a busy machine, a backlog) judges what it has been handed in the order it was
 * handed: a reading acknowledged to its logger before the shard's timed work looked at the clock is
 * evaluated before that work judges silence, and an alarm keeps the time of what caused it.
 */
class BusyShardTest {
    static final String SITE = """
            site: s
            hazardSources:
              - {id: T, name: Tank farm, responsible: {principal: P, technical: Q, operational: R}}
            devices: [{id: d1}]
            sensors:
              - {tag: GT, source: T, device: d1, type: combustible_gas, range: [0, 100]}
              - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 16, HH: 18}, escalation: [15m, 30m, 45m],
                 noData: off}
            """;
    @TempDir Path dir;
    final TestClock clock = new TestClock(Harness.T0);
    AlarmSystem sys;

    @AfterEach
    void close() {
        if (sys != null) sys.close();
    }

    /**
     * GT reports every 10 s and is silent after a minute. Its reading at +50 s waits behind a busy shard
     * while the clock passes +60 s, when the reading before it would have run out: the shard's next tick
     * comes after that reading, so GT was never silent.
     */
    @Test
    void aReadingWaitingInTheQueueKeepsItsPointFromLookingSilent() throws Exception {
        sys = new AlarmSystem(Harness.site(SITE), dir, clock);
        sys.feed("GT", 1).drain();
        clock.advance(50_000);
        AutoCloseable release = sys.alarms.engine().hold(); // the one shard, after what it has queued
        sys.feed("GT", 1);
        clock.advance(20_000); // +70 s: past the first reading's minute, not the second's
        release.close();
        sys.drain();
        sys.advance(1_000).advance(1_000);
        assertEquals(0, sys.events("no_data").size(), "GT reported at +50 s: " + sys.events("no_data"));

        sys.advance(60_000); // and silent once the second reading's minute is out
        assertEquals(AlarmState.RAISED, sys.await(e -> e.rule().equals("no_data")).state());
    }

    /**
     * A reading that crosses H arrives at +5 s and waits 30 s behind a busy shard: the alarm is raised at
     * its arrival, and escalates to the principal 15 minutes (its grade's first step) after that, as if the
     * shard had never been late.
     */
    @Test
    void anAlarmKeepsTheTimeItsReadingArrivedNotWhenABusyShardGotToIt() throws Exception {
        sys = new AlarmSystem(Harness.site(SITE), dir, clock);
        clock.advance(5_000);
        long arrival = clock.millis();
        AutoCloseable release = sys.alarms.engine().hold();
        sys.feed("LT", 17);
        clock.advance(30_000);
        release.close();
        AlarmEvent raised = sys.await(e -> e.tag().equals("LT") && e.state() == AlarmState.RAISED);
        assertEquals(arrival, raised.eventTs());
        assertEquals(arrival, raised.raisedTs());
        assertTrue(raised.id().endsWith(":" + arrival), raised.id());

        sys.advance(30 * 60_000L); // one late tick, half an hour on
        AlarmEvent overdue = sys.await(e -> e.tag().equals("LT") && e.state() == AlarmState.ACK_OVERDUE);
        assertEquals(arrival + 30 * 60_000L, overdue.eventTs(), "the second step, due 30 min after the raise, is the last one");
    }

    /** An operator's acknowledgement is stamped when it was made, not when a busy shard got to it. */
    @Test
    void anAcknowledgementKeepsTheTimeTheOperatorMadeIt() throws Exception {
        sys = new AlarmSystem(Harness.site(SITE), dir, clock);
        sys.feed("LT", 17).drain();
        String id = sys.await(e -> e.tag().equals("LT") && e.state() == AlarmState.RAISED).id();
        clock.advance(10_000);
        long asked = clock.millis();
        AutoCloseable release = sys.alarms.engine().hold();
        CompletableFuture<AckResult> ack = sys.alarms.engine().acknowledge(id, "op", "seen");
        clock.advance(20_000);
        release.close();
        assertEquals(asked, ack.get(10, TimeUnit.SECONDS).ack().ts());
        assertEquals(asked, sys.await(e -> e.tag().equals("LT") && e.state() == AlarmState.ACKNOWLEDGED).eventTs());
    }
}
