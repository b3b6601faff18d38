package io.hazardgate.simulator.load;

import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code wakeup}: how late this machine wakes a thread that sleeps. A reading's way to an alarm at a
 * control room crosses several threads (the gateway's event loop, its alarm shard and bus, the
 * subscriber's), and each one is woken on the way, so the overshoot measured here is the floor under any
 * latency measured on the machine. Run beside a load to see what the load does to it, and under
 * {@code chrt -f N} to see it at real-time priority.
 */
public final class WakeupCommand {
    public static final String USAGE = """
            wakeup [--duration D] [--sleep D]
              Sleeps --sleep (default 1ms) again and again for --duration (default 20s) and reports how much
              later than asked it woke: p50 / p99 / p99.9 / max, and how many wake-ups came over 1 and 5 ms
              late. The floor under every latency measured on this machine; run it under 'chrt -f N' for
              real-time priority.""";
    /** Overshoots are recorded up to this; a longer one counts as this. */
    private static final long MAX_OVERSHOOT_MICROS = TimeUnit.SECONDS.toMicros(10);

    private WakeupCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options o = Options.parse("wakeup", args, Set.of("duration", "sleep"), Set.of());
        Duration duration = o.duration("duration", Duration.ofSeconds(20));
        Duration sleep = o.duration("sleep", Duration.ofMillis(1));
        if (duration.isZero() || duration.isNegative()) throw new UsageException("wakeup: --duration must be positive");
        if (sleep.isZero() || sleep.isNegative()) throw new UsageException("wakeup: --sleep must be positive");
        if (sleep.compareTo(duration) > 0) {
            throw new UsageException("wakeup: --sleep " + sleep.toMillis() + " ms is longer than --duration " + duration.toMillis() + " ms");
        }
        Histogram overshoot = measure(duration.toNanos(), sleep.toNanos());
        out.println(report(overshoot));
        return 0;
    }

    /** Sleeps {@code sleepNanos} at a time for {@code durationNanos}; the overshoot of each sleep, in microseconds. */
    static Histogram measure(long durationNanos, long sleepNanos) {
        Histogram h = new Histogram(MAX_OVERSHOOT_MICROS, 3);
        long end = System.nanoTime() + durationNanos;
        long now = System.nanoTime();
        while (now < end) {
            long asked = now + sleepNanos;
            LockSupport.parkNanos(sleepNanos);
            now = System.nanoTime();
            if (now < asked) continue; // woken early (a spurious unpark): not a measure of lateness
            h.recordValue(Math.min(MAX_OVERSHOOT_MICROS, TimeUnit.NANOSECONDS.toMicros(now - asked)));
        }
        return h;
    }

    static String report(Histogram h) {
        long total = h.getTotalCount();
        return String.format(Locale.ROOT, "wake-up overshoot: p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms; over 1 ms %,d, over 5 ms %,d of %,d wake-ups",
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()), over(h, 1_000), over(h, 5_000), total);
    }

    private static long over(Histogram h, long micros) {
        return h.getTotalCount() - h.getCountBetweenValues(0, micros);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
