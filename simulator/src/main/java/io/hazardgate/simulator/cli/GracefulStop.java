package io.hazardgate.simulator.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C ends a run gracefully: the shutdown hook asks the run to stop, then holds the JVM open until
 * the run has finished its last sends and printed its summary (or the grace period is over). Close it
 * when the command is done.
 */
public final class GracefulStop implements AutoCloseable {
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    public GracefulStop(String name, Runnable stop, Duration grace) {
        hook = new Thread(() -> {
            stop.run();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook is waiting for the countdown above.
        }
    }
}
