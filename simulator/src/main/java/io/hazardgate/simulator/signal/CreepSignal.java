package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * Cumulative displacement of a consolidating dam: slow creep that decelerates with time
 * ({@code start + a·ln(1 + days/τ)}), plus GNSS or total-station measurement noise.
 */
final class CreepSignal implements SignalModel {
    private final long originMillis;
    private final double start;
    private final double scale;
    private final double tauDays;
    private final double noiseSd;
    private final SplittableRandom random;

    CreepSignal(long originMillis, double start, double scale, double tauDays, double noiseSd, SplittableRandom random) {
        this.originMillis = originMillis;
        this.start = start;
        this.scale = scale;
        this.tauDays = tauDays;
        this.noiseSd = noiseSd;
        this.random = random;
    }

    @Override
    public double valueAt(long plantMillis) {
        double days = Math.max(0, plantMillis - originMillis) / (double) DailyWeather.DAY_MILLIS;
        return start + scale * Math.log1p(days / tauDays) + noiseSd * random.nextGaussian();
    }
}
