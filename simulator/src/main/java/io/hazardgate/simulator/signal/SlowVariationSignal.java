package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * A quantity that drifts over days: reservoir water level, phreatic line burial depth, dry beach length,
 * seepage. A slow wave with its own phase plus day-to-day drift and a little sensor noise.
 */
final class SlowVariationSignal implements SignalModel {
    private final double mean;
    private final double amplitude;
    private final long periodMillis;
    private final long phaseMillis;
    private final DailyWeather drift;
    private final double noiseSd;
    private final SplittableRandom random;

    SlowVariationSignal(double mean, double amplitude, long periodMillis, DailyWeather drift, double noiseSd,
                        SplittableRandom random) {
        this.mean = mean;
        this.amplitude = amplitude;
        this.periodMillis = periodMillis;
        this.phaseMillis = random.nextLong(periodMillis);
        this.drift = drift;
        this.noiseSd = noiseSd;
        this.random = random;
    }

    @Override
    public double valueAt(long plantMillis) {
        double f = Math.floorMod(plantMillis + phaseMillis, periodMillis) / (double) periodMillis;
        return mean + amplitude * Math.sin(2 * Math.PI * f) + drift.offsetAt(plantMillis) + noiseSd * random.nextGaussian();
    }
}
