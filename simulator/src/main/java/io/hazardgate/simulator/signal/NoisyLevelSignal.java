package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/** A steady level with white measurement noise: gas detectors near zero, oxygen near 20.9 %VOL. */
final class NoisyLevelSignal implements SignalModel {
    private final double level;
    private final double noiseSd;
    private final SplittableRandom random;

    NoisyLevelSignal(double level, double noiseSd, SplittableRandom random) {
        this.level = level;
        this.noiseSd = noiseSd;
        this.random = random;
    }

    @Override
    public double valueAt(long plantMillis) {
        return level + noiseSd * random.nextGaussian();
    }
}
