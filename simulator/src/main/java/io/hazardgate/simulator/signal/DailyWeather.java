package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * A smooth day-to-day offset (a warmer day, a cooler one): one random value per plant day, linearly
 * interpolated in between. It is a pure function of time and seed, so it does not depend on how
 * often the point is sampled.
 */
final class DailyWeather {
    static final long DAY_MILLIS = 86_400_000L;

    private final long seed;
    private final double sd;

    DailyWeather(long seed, double sd) {
        this.seed = seed;
        this.sd = sd;
    }

    double offsetAt(long plantMillis) {
        long day = Math.floorDiv(plantMillis, DAY_MILLIS);
        double f = Math.floorMod(plantMillis, DAY_MILLIS) / (double) DAY_MILLIS;
        return (1 - f) * dayValue(day) + f * dayValue(day + 1);
    }

    private double dayValue(long day) {
        return sd * new SplittableRandom(Seeds.mix(seed ^ day * 0x9E3779B97F4A7C15L)).nextGaussian();
    }
}
