package io.hazardgate.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ClockSettings;
import io.hazardgate.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The clock watch with a wall clock and a monotonic clock moved by hand, and a probe whose answer the test sets. */
class ClockWatchTest {
    final TestClock wall = new TestClock(1_750_000_000_000L);
    final AtomicLong mono = new AtomicLong(5_000_000_000L);
    final AtomicReference<SyncProbe.Answer> os = new AtomicReference<>(new SyncProbe.Answer(ClockSync.UNKNOWN, "test"));
    final List<String> faults = new ArrayList<>();
    final ClockWatch watch = new ClockWatch(ClockSettings.DEFAULTS, wall, mono::get, os::get, new ClockWatch.FaultSink() {
        @Override public void raise(String rule, String cause, String message) { faults.add("raise " + rule + " " + message); }

        @Override public void clear(String rule, String message) { faults.add("clear " + rule); }
    });

    void tick(long wallMs, long monoMs) {
        wall.advance(wallMs);
        mono.addAndGet(monoMs * 1_000_000);
        watch.checkJump();
    }

    @Test
    void aClockSetForwardRaisesAJumpHeldForTheHoldTimeThenClears() {
        watch.checkNow();
        tick(1000, 1000);
        assertTrue(watch.status().ok(), watch.status().detail());
        assertTrue(faults.isEmpty(), faults.toString());

        tick(31_000, 1000); // someone sets the clock 30 s ahead
        assertEquals(1, faults.size(), faults.toString());
        assertTrue(faults.get(0).startsWith("raise jump the gateway's clock jumped forward 30.0 s"), faults.get(0));
        assertFalse(watch.status().ok());
        assertTrue(watch.status().detail().contains("jumped forward 30.0 s"), watch.status().detail());

        for (int i = 0; i < 9; i++) tick(60_000, 60_000);
        assertFalse(watch.status().ok(), "held for 10 minutes");
        tick(61_000, 61_000);
        tick(1000, 1000);
        assertEquals("clear jump", faults.get(faults.size() - 1));
        assertTrue(watch.status().ok(), watch.status().detail());
    }

    @Test
    void aClockSetBackIsAJumpToo() {
        watch.checkJump();
        tick(-5000, 1000);
        assertTrue(faults.get(0).contains("jumped back 6.0 s"), faults.toString());
    }

    @Test
    void slewingThatAddsUpToMoreThanTheThresholdIsNeverAJump() {
        watch.checkJump();
        // NTP slews at most 0.5 ms per second; over three hours that is more than maxJump, in steps of 0.5 ms
        for (int i = 0; i < 3 * 3600; i++) {
            wall.advance(1000);
            mono.addAndGet(999_500_000L);
            watch.checkJump();
        }
        assertTrue(faults.isEmpty(), faults.toString());
        assertTrue(watch.status().ok());
    }

    @Test
    void anUnsynchronisedClockRaisesUntilTheOsReportsItSynchronisedAndUnknownChangesNothing() {
        os.set(new SyncProbe.Answer(ClockSync.UNSYNCHRONISED, "timedatectl"));
        watch.checkSync();
        assertTrue(faults.get(0).startsWith("raise sync the operating system (timedatectl) reports"), faults.toString());
        assertFalse(watch.status().ok());
        assertTrue(watch.status().detail().startsWith("NOT synchronised (timedatectl)"), watch.status().detail());

        os.set(new SyncProbe.Answer(ClockSync.UNKNOWN, "neither answered"));
        watch.checkSync();
        assertFalse(faults.contains("clear sync"), "an unknown answer is no news");
        assertTrue(watch.status().ok(), "an unknown state does not make the gateway unready");

        os.set(new SyncProbe.Answer(ClockSync.SYNCHRONISED, "timedatectl"));
        watch.checkSync();
        assertEquals("clear sync", faults.get(faults.size() - 1));
        assertEquals("synchronised (timedatectl)", watch.status().detail());
    }

    @Test
    void withTheNtpCheckOffTheProbeIsNeverAsked() {
        ClockWatch off = new ClockWatch(new ClockSettings(false, Duration.ofSeconds(2), Duration.ofMinutes(10)), wall, mono::get,
                () -> { throw new AssertionError("asked"); }, new ClockWatch.FaultSink() {
                    @Override public void raise(String rule, String cause, String message) { faults.add(rule); }

                    @Override public void clear(String rule, String message) {}
                });
        off.checkSync();
        assertTrue(faults.isEmpty());
        assertTrue(off.status().detail().contains("check switched off"), off.status().detail());
    }
}
