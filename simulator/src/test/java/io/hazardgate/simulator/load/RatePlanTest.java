package io.hazardgate.simulator.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RatePlanTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void rampsLinearlyThenHoldsTheRate() {
        RatePlan p = new RatePlan(1000, 10 * SECOND, Long.MAX_VALUE);
        assertEquals(1, p.allowedBy(0), "the first message goes at once");
        // Halfway up a 10 s ramp to 1000 msg/s: the area under the ramp is 1000 * 5^2 / (2 * 10) = 1250.
        assertEquals(1251, p.allowedBy(5 * SECOND));
        // After the ramp: 1000 * (20 - 10 / 2) = 15000.
        assertEquals(15_001, p.allowedBy(20 * SECOND));
    }

    @Test
    void withoutRampAllowsRateTimesElapsed() {
        RatePlan p = new RatePlan(2000, 0, Long.MAX_VALUE);
        assertEquals(2001, p.allowedBy(SECOND));
        assertEquals(20_001, p.allowedBy(10 * SECOND));
    }

    @Test
    void neverAllowsMoreThanTheTotal() {
        RatePlan p = new RatePlan(0, 0, 500);
        assertEquals(500, p.allowedBy(0));
        assertEquals(500, new RatePlan(1e6, 0, 500).allowedBy(SECOND));
    }

    @Test
    void sharesAddUpToTheWhole() {
        RatePlan p = new RatePlan(1000, 0, 1003);
        long total = 0;
        double rate = 0;
        for (int i = 0; i < 4; i++) {
            total += p.share(i, 4).total();
            rate += p.share(i, 4).perSecond();
        }
        assertEquals(1003, total);
        assertEquals(1000, rate, 1e-9);
    }

    @Test
    void dueAtIsTheFirstTimeTheNextMessageIsAllowed() {
        for (RatePlan p : new RatePlan[] {new RatePlan(1000, 10 * SECOND, Long.MAX_VALUE),
                new RatePlan(141.4, 0, Long.MAX_VALUE), new RatePlan(3, 2 * SECOND, Long.MAX_VALUE)}) {
            for (long sent : new long[] {1, 2, 7, 1249, 1250, 1251, 5000, 14_999, 15_000, 15_001, 1_000_000}) {
                long due = p.dueAt(sent);
                assertEquals(sent + 1, p.allowedBy(due), p + ": message " + (sent + 1) + " allowed at " + due);
                assertEquals(sent, p.allowedBy(due - 1), p + ": message " + (sent + 1) + " not allowed before " + due);
            }
        }
    }

    @Test
    void dueAtNeverForAReachedTotalAndAtOnceForTheFirstOrAnUnlimitedRate() {
        assertEquals(Long.MAX_VALUE, new RatePlan(1000, 0, 10).dueAt(10));
        assertEquals(0, new RatePlan(1000, SECOND, 10).dueAt(0));
        assertEquals(0, new RatePlan(0, 0, 10).dueAt(5));
    }

    @Test
    void publishersTakeTurnsOneEveryOneOverTheRate() {
        RatePlan whole = new RatePlan(1000, 0, Long.MAX_VALUE);
        assertEquals(0, LoadRun.stagger(whole, 0));
        assertEquals(3_000_000, LoadRun.stagger(whole, 3), "the fourth publisher starts 3 ms after the first at 1,000 msg/s");
        assertEquals(0, LoadRun.stagger(new RatePlan(0, 0, 10), 5), "as fast as possible: no turns");
    }
}
