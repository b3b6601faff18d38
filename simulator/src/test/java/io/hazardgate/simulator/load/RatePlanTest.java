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
}
