package io.hazardgate.uplink.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.uplink.RealtimePolicy;
import io.hazardgate.config.uplink.RealtimePolicy.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which readings an uplink sends as real-time values: every N seconds of each point's own time, on
 * change beyond a deadband with a heartbeat, or all. The decisions depend on the readings alone, so a
 * replay after a restart sends the same readings again.
 */
class SamplerTest {
    private static final byte GOOD = 0;
    private static final byte BAD = 2;

    private static Sampler interval(Duration every) {
        return new Sampler(new RealtimePolicy(Mode.INTERVAL, every, 0, RealtimePolicy.DEFAULT_HEARTBEAT, 500,
                RealtimePolicy.DEFAULT_LINGER));
    }

    private static Sampler change(double deadband, Duration heartbeat) {
        return new Sampler(new RealtimePolicy(Mode.CHANGE, RealtimePolicy.DEFAULT_INTERVAL, deadband, heartbeat, 500,
                RealtimePolicy.DEFAULT_LINGER));
    }

    @Test
    void intervalModeSendsEachPointsFirstReadingInEveryTwentySecondsOfItsOwnTime() {
        Sampler s = interval(Duration.ofSeconds(20));
        // a logger reporting every 5 s: readings at 0, 5, ... 55 s
        List<Long> sent = new ArrayList<>();
        for (long t = 0; t < 60_000; t += 5_000) if (s.accept("demo/LT-101", t, 10 + t / 1000.0, GOOD)) sent.add(t);
        assertEquals(List.of(0L, 20_000L, 40_000L), sent);
        // another point has buckets of its own
        assertTrue(s.accept("demo/TT-101", 55_000, 21.5, GOOD));
        assertFalse(s.accept("demo/TT-101", 59_999, 21.5, GOOD));
        assertTrue(s.accept("demo/TT-101", 60_000, 21.5, GOOD));
    }

    @Test
    void intervalModeSamplesWhatALoggerUploadsLateAsItSampledLiveData() {
        Sampler s = interval(Duration.ofSeconds(20));
        assertTrue(s.accept("demo/LT-101", 0, 1, GOOD));
        // the link drops from 20 s to 60 s; live readings resume at 60 s
        assertTrue(s.accept("demo/LT-101", 60_000, 4, GOOD));
        // then the logger uploads its buffer, 20..55 s: the first of each of the two missed intervals goes
        List<Long> sent = new ArrayList<>();
        for (long t = 20_000; t < 60_000; t += 5_000) if (s.accept("demo/LT-101", t, 2, GOOD)) sent.add(t);
        assertEquals(List.of(20_000L, 40_000L), sent);
        // and live data carries on in its own buckets
        assertFalse(s.accept("demo/LT-101", 65_000, 4, GOOD));
        assertTrue(s.accept("demo/LT-101", 80_000, 4, GOOD));
    }

    @Test
    void changeModeSendsAValueThatMovedBeyondTheDeadbandOrChangedQualityAndAHeartbeat() {
        Sampler s = change(0.5, Duration.ofMinutes(5));
        String p = "demo/PT-101";
        assertTrue(s.accept(p, 0, 1.00, GOOD), "a point's first reading always goes");
        assertFalse(s.accept(p, 1_000, 1.40, GOOD), "within the deadband of the last sent");
        assertFalse(s.accept(p, 2_000, 0.60, GOOD));
        assertTrue(s.accept(p, 3_000, 1.60, GOOD), "moved 0.6 from the last sent, 1.0");
        assertFalse(s.accept(p, 4_000, 1.20, GOOD), "0.4 from 1.6: drift is measured from what was sent");
        assertTrue(s.accept(p, 5_000, 1.20, BAD), "quality changed");
        assertTrue(s.accept(p, 6_000, 1.20, GOOD), "and back");
        assertFalse(s.accept(p, 6_000 + 299_999, 1.20, GOOD));
        assertTrue(s.accept(p, 6_000 + 300_000, 1.20, GOOD), "the heartbeat: five minutes since the last sent");
        assertFalse(s.accept(p, 6_000 + 300_001, 1.20, GOOD));
        assertTrue(s.accept(p, 6_000 + 300_002, Double.NaN, BAD), "a value lost (NaN) is a change");
        assertFalse(s.accept(p, 6_000 + 300_003, Double.NaN, BAD));
        assertTrue(s.accept(p, 6_000 + 300_004, 1.20, GOOD), "and a value back");
    }

    @Test
    void changeModeWithoutADeadbandSendsEveryDifferentValueAndNoRepeat() {
        Sampler s = change(0, Duration.ofMinutes(5));
        assertTrue(s.accept("demo/GT-101", 0, 0, GOOD));
        assertFalse(s.accept("demo/GT-101", 1_000, 0, GOOD));
        assertTrue(s.accept("demo/GT-101", 2_000, 0.1, GOOD));
        assertFalse(s.accept("demo/GT-101", 3_000, 0.1, GOOD));
        assertTrue(s.accept("demo/GT-102", 3_000, 0.1, GOOD), "each point on its own");
    }

    @Test
    void changeModeDoesNotLetALateReadingMoveTheReference() {
        Sampler s = change(1, Duration.ofMinutes(5));
        assertTrue(s.accept("demo/LT-101", 10_000, 5, GOOD));
        // an uploaded old reading that differs goes (it is news to the platform)...
        assertTrue(s.accept("demo/LT-101", 2_000, 9, GOOD));
        // ...but the reference stays the newest sent value, 5, so the live series is judged against it
        assertFalse(s.accept("demo/LT-101", 11_000, 5.5, GOOD));
        assertTrue(s.accept("demo/LT-101", 12_000, 6.5, GOOD));
    }

    @Test
    void allModeSendsEveryReading() {
        Sampler s = new Sampler(new RealtimePolicy(Mode.ALL, RealtimePolicy.DEFAULT_INTERVAL, 0,
                RealtimePolicy.DEFAULT_HEARTBEAT, 500, RealtimePolicy.DEFAULT_LINGER));
        for (int i = 0; i < 10; i++) assertTrue(s.accept("demo/LT-101", 1_000, 1, GOOD));
    }

    @Test
    void aReplayDecidesTheSameAsTheFirstPass() {
        long[] ts = {0, 3_000, 21_000, 22_000, 39_000, 41_000, 15_000, 61_000};
        double[] v = {1, 1.2, 3, 3.1, 2, 2, 9, 2.05};
        for (Sampler[] pair : new Sampler[][] {{interval(Duration.ofSeconds(20)), interval(Duration.ofSeconds(20))},
                {change(0.5, Duration.ofSeconds(30)), change(0.5, Duration.ofSeconds(30))}}) {
            List<Boolean> first = new ArrayList<>();
            List<Boolean> replay = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) first.add(pair[0].accept("demo/LT-101", ts[i], v[i], GOOD));
            for (int i = 0; i < ts.length; i++) replay.add(pair[1].accept("demo/LT-101", ts[i], v[i], GOOD));
            assertEquals(first, replay);
            assertTrue(first.contains(false) && first.contains(true), "the sequence exercises both answers: " + first);
        }
    }
}
