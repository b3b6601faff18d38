package io.hazardgate.mqtt.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool that runs password hash checks (PBKDF2, deliberately slow) off the event loops, with a
 * bounded queue: a check that does not fit is refused at once rather than waiting behind a flood. Each
 * entry point has its own pool (MQTT logins one, the HTTP API another), so a flood of bad logins on one
 * cannot hold back the logins of the other.
 */
public final class PasswordChecks implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /**
     * @param name    thread name prefix, e.g. {@code mqtt-auth}
     * @param threads checks at once
     * @param queued  checks waiting at most; beyond, {@link #submit} refuses
     */
    public PasswordChecks(String name, int threads, int queued) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code check} on the pool; false when the pool is full (too many checks waiting). */
    boolean submit(Runnable check) {
        try {
            pool.execute(check);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
