package io.hazardgate.simulator.signal;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * A daily cycle peaking in the afternoon with day-to-day weather on top: ambient and tank temperature,
 * and the vapour-space pressure of a tank, which breathes with it.
 */
final class DiurnalSignal implements SignalModel {
    private static final double HOURS = 24.0;

    private final double mean;
    private final double amplitude;
    private final double peakHour;
    private final ZoneId zone;
    private final DailyWeather weather;
    private final double noiseSd;
    private final SplittableRandom random;

    DiurnalSignal(double mean, double amplitude, double peakHour, ZoneId zone, DailyWeather weather, double noiseSd,
                  SplittableRandom random) {
        this.mean = mean;
        this.amplitude = amplitude;
        this.peakHour = peakHour;
        this.zone = zone;
        this.weather = weather;
        this.noiseSd = noiseSd;
        this.random = random;
    }

    @Override
    public double valueAt(long plantMillis) {
        double hour = localHour(plantMillis);
        double cycle = Math.cos(2 * Math.PI * (hour - peakHour) / HOURS);
        return mean + amplitude * cycle + weather.offsetAt(plantMillis) + noiseSd * random.nextGaussian();
    }

    private double localHour(long plantMillis) {
        int offsetSeconds = zone instanceof ZoneOffset o ? o.getTotalSeconds()
                : zone.getRules().getOffset(java.time.Instant.ofEpochMilli(plantMillis)).getTotalSeconds();
        long local = plantMillis + offsetSeconds * 1000L;
        return Math.floorMod(local, DailyWeather.DAY_MILLIS) / 3_600_000.0;
    }
}
