package io.hazardgate.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition on a real component until it holds, with a generous deadline for a loaded machine. */
public final class Await {
    private Await() {}

    public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) return;
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what, last);
    }
}
