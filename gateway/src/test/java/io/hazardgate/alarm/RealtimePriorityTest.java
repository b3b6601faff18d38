package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.RealtimeScheduling;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What {@link RealtimePriority} does when it cannot raise a thread, and how it reads /proc. */
class RealtimePriorityTest {
    @Test
    void aMissingProgramIsReportedAndTheThreadRunsOnAtNormalPriority() throws Exception {
        RealtimePriority rt = new RealtimePriority(10, "/nonexistent/chrt");
        Object[] o = onThreadOfItsOwn(() -> new Object[] {rt.applyHere(), RealtimePriority.policyHere()});
        assertEquals(false, o[0]);
        assertArrayEquals(new int[] {0, 0}, (int[]) o[1], "SCHED_OTHER, priority 0");
        assertEquals(0, rt.raised());
        assertTrue(rt.refusal().contains("/nonexistent/chrt"), rt.refusal());
    }

    @Test
    void aRaisedThreadRunsAtThePriorityAndTheThreadsItStartsDoNot() throws Exception {
        RealtimePriority rt = new RealtimePriority(10);
        Object[] o = onThreadOfItsOwn(() -> {
            boolean raised = rt.applyHere();
            int[] own = RealtimePriority.policyHere();
            return new Object[] {raised, own, onThreadOfItsOwn(RealtimePriority::policyHere)};
        });
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

    /** Runs {@code body} on a new thread (started by the calling one) and returns what it returned or threw. */
    static <T> T onThreadOfItsOwn(Callable<T> body) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(body.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "alarm-shard-test");
        t.start();
        t.join(30_000);
        if (failure.get() != null) throw failure.get();
        if (result.get() == null) throw new AssertionError("the thread did not finish within 30 s");
        return result.get();
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
