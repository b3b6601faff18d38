package io.hazardgate.clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How late the machine wakes a sleeping thread: one thread sleeps {@link #PERIOD} again and again and
 * records how much later than asked it woke ({@code hazardgate_wakeup_delay_seconds}). An alarm is
 * woken on several threads on its way (an event loop, its shard, the alarm bus, the subscriber's event
 * loop), so this is the floor under alarm latency on this machine: a late alarm while this shows the
 * same delay was held back by the machine (other processes, the host of a virtual machine, the
 * kernel), not by the gateway's own work. It costs {@code 1 / PERIOD} wake-ups a second and allocates
 * nothing.
 */
public final class WakeupMonitor implements AutoCloseable {
    /** How long the thread sleeps each time. */
    public static final Duration PERIOD = Duration.ofMillis(10);

    private final long periodNanos;
    private final Timer delay;
    private final Thread thread;
    private volatile boolean running = true;

    public WakeupMonitor(MeterRegistry meters) {
        this(meters, PERIOD);
    }

    WakeupMonitor(MeterRegistry meters, Duration period) {
        this.periodNanos = period.toNanos();
        this.delay = ClockMetrics.wakeupDelay(meters);
        this.thread = new Thread(this::run, "wakeup-monitor");
        this.thread.setDaemon(true);
    }

    public WakeupMonitor start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            long asked = System.nanoTime() + periodNanos;
            LockSupport.parkNanos(this, periodNanos);
            long late = System.nanoTime() - asked;
            // woken early (close(), or a spurious unpark) says nothing about lateness
            if (late >= 0 && running) delay.record(late, TimeUnit.NANOSECONDS);
        }
    }

    Thread thread() { return thread; }

    /** Wake-ups recorded so far. */
    public long wakeups() { return delay.count(); }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
