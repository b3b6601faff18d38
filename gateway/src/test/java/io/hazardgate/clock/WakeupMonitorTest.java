package io.hazardgate.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupMonitorTest {
    @Test
    void recordsHowLateEachSleepWokeIntoTheBucketsOfTheAlarmLatencyGoals() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Thread monitorThread;
        try (WakeupMonitor monitor = new WakeupMonitor(meters, Duration.ofMillis(1)).start()) {
            Await.until("twenty wake-ups recorded", () -> monitor.wakeups() >= 20);
            monitorThread = monitor.thread();
            assertEquals("wakeup-monitor", monitorThread.getName());
            assertTrue(monitorThread.isDaemon(), "it never keeps the JVM alive");
        }
        assertFalse(monitorThread.isAlive(), "close() stops its thread");
        Timer t = meters.get("hazardgate.wakeup.delay").timer();
        assertTrue(t.count() >= 20);
        assertTrue(t.max(TimeUnit.NANOSECONDS) >= 0);
        CountAtBucket[] buckets = t.takeSnapshot().histogramCounts();
        assertEquals(4, buckets.length, "buckets at 1, 5, 10 and 50 ms");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(50), (long) buckets[3].bucket(TimeUnit.NANOSECONDS));
        assertTrue(buckets[3].count() <= t.count());
        long after = t.count();
        assertEquals(after, meters.get("hazardgate.wakeup.delay").timer().count(), "nothing is recorded after close()");
    }
}
