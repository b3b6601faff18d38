package io.hazardgate.clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The meters of the clock package, defined here and nowhere else (docs/operations.md lists them all). */
final class ClockMetrics {
    private ClockMetrics() {}

    /** {@link WakeupMonitor}'s overshoots; buckets at the alarm latency goals, 1, 5, 10 and 50 ms. */
    static Timer wakeupDelay(MeterRegistry r) {
        return Timer.builder("hazardgate.wakeup.delay")
                .description("How much later than asked a thread sleeping " + WakeupMonitor.PERIOD.toMillis()
                        + " ms was woken: the machine's floor under alarm latency")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50))
                .register(r);
    }
}
