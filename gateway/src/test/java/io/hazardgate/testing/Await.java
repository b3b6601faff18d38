package io.hazardgate.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The tests' one way to wait for a real component: polls a condition until it holds, with a generous
 * deadline for a loaded machine, and fails naming what it waited for. A condition that throws counts
 * as not yet (the last exception is the failure's cause). To show that something did not happen, do
 * not wait and look: send a sentinel after it and wait for that instead.
 */
public final class Await {
    /** Generous: the machine has 2 shared cores. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 10;

    private Await() {}

    /** Waits at most {@link #WAIT}. */
    public static void until(String what, Callable<Boolean> condition) throws InterruptedException {
        until(what, WAIT, condition);
    }

    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) return;
                last = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
