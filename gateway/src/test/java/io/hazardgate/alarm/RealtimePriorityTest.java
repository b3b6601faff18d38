package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.RealtimeScheduling;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What {@link RealtimePriority} does when it cannot raise a thread, and how it reads /proc. */
class RealtimePriorityTest {
    @Test
    void aMissingProgramIsReportedAndTheThreadRunsOnAtNormalPriority() throws Exception {
        RealtimePriority rt = new RealtimePriority(10, "/nonexistent/chrt");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean raised = rt.applyHere();
                outcome.set(new Object[] {raised, RealtimePriority.policyHere()});
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "alarm-shard-test");
        t.start();
        t.join(30_000);
        Object[] o = (Object[]) outcome.get();
        assertEquals(false, o[0]);
        assertArrayEquals(new int[] {0, 0}, (int[]) o[1], "SCHED_OTHER, priority 0");
        assertEquals(0, rt.raised());
        assertTrue(rt.refusal().contains("/nonexistent/chrt"), rt.refusal());
    }

    @Test
    void aRaisedThreadRunsAtThePriorityAndTheThreadsItStartsDoNot() throws Exception {
        RealtimePriority rt = new RealtimePriority(10);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean raised = rt.applyHere();
                int[] own = RealtimePriority.policyHere();
                AtomicReference<int[]> child = new AtomicReference<>();
                Thread c = new Thread(() -> {
                    try {
                        child.set(RealtimePriority.policyHere());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                c.start();
                c.join(30_000);
                outcome.set(new Object[] {raised, own, child.get()});
            } catch (Exception e) {
                outcome.set(e);
            }
        }, "alarm-shard-test");
        t.start();
        t.join(30_000);
        Object[] o = (Object[]) outcome.get();
        if (RealtimeScheduling.allowed(10)) {
            assertEquals(true, o[0], "raised; refusal: " + rt.refusal());
            assertArrayEquals(new int[] {1, 10}, (int[]) o[1], "SCHED_FIFO 10");
            assertArrayEquals(new int[] {0, 0}, (int[]) o[2], "a thread it starts runs at normal priority");
            assertEquals(1, rt.raised());
        } else {
            assertEquals(false, o[0]);
            assertArrayEquals(new int[] {0, 0}, (int[]) o[1]);
            assertTrue(rt.refusal() != null && !rt.refusal().isBlank());
        }
    }

    @Test
    void priorityZeroDoesNothing() {
        RealtimePriority rt = new RealtimePriority(0, "/nonexistent/chrt");
        assertFalse(rt.applyHere());
        assertNull(rt.refusal());
    }

    @Test
    void prioritiesOutsideTheKernelsRangeAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> new RealtimePriority(100));
        assertThrows(IllegalArgumentException.class, () -> new RealtimePriority(-1));
    }

    @Test
    void theStatLineIsReadPastAThreadNameWithSpacesAndParentheses() {
        StringBuilder stat = new StringBuilder("4242 (a) b (c) S");
        for (int field = 4; field <= 52; field++) {
            stat.append(' ').append(field == 40 ? "10" : field == 41 ? "1" : Integer.toString(field * 3));
        }
        assertArrayEquals(new int[] {1, 10}, RealtimePriority.policy(stat.toString()));
    }
}
