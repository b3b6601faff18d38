package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * A tank that is filled, held, drained and held again in a repeating cycle, between a low and a high
 * working level, with a little level-gauge noise. Each tank starts at its own point of the cycle.
 */
final class TankCycleSignal implements SignalModel {
    /** Fractions of the cycle: filling, holding full, draining, holding low. */
    private static final double FILL_END = 0.375;
    private static final double FULL_END = 0.5;
    private static final double DRAIN_END = 0.875;

    private final double low;
    private final double high;
    private final long cycleMillis;
    private final long phaseMillis;
    private final double noiseSd;
    private final SplittableRandom random;

    TankCycleSignal(double low, double high, long cycleMillis, double noiseSd, SplittableRandom random) {
        this.low = low;
        this.high = high;
        this.cycleMillis = cycleMillis;
        this.phaseMillis = random.nextLong(cycleMillis);
        this.noiseSd = noiseSd;
        this.random = random;
    }

    @Override
    public double valueAt(long plantMillis) {
        double f = Math.floorMod(plantMillis + phaseMillis, cycleMillis) / (double) cycleMillis;
        double fill;
        if (f < FILL_END) fill = f / FILL_END;
        else if (f < FULL_END) fill = 1;
        else if (f < DRAIN_END) fill = 1 - (f - FULL_END) / (DRAIN_END - FULL_END);
        else fill = 0;
        return low + fill * (high - low) + noiseSd * random.nextGaussian();
    }
}
