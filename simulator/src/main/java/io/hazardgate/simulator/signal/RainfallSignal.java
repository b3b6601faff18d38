package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * A tipping-bucket rain gauge reporting, at each reading, the rain that fell since its last report (an
 * increment, in mm), as the gateway expects of a rain gauge: it sums the increments over a sliding
 * window (24 h by default) before judging the limits (docs/alarms.md, "Accumulation"). Weather is
 * simulated period by period from the run's origin: dry spells, then rain events of a few hours at a
 * steady intensity. The bucket tips every {@link #TIP_MM}; what has not tipped yet is reported later,
 * so the reported sum over any stretch differs from the rain that fell by less than one tip.
 *
 * <p>In normal mode the rain is capped so that the sum of increments over any window of the
 * accumulation's length (plus one period, as a window of reading timestamps may start inside a period)
 * stays at or below {@code cap}, clear of the lowest warning: a rainstorm is an incident, injected on
 * purpose.
 */
final class RainfallSignal implements SignalModel {
    /** The resolution of a common tipping-bucket gauge; also what the reading is rounded to. */
    static final double TIP_MM = 0.1;
    private static final long HOUR = 3_600_000L;
    /** On average a rain event every two days, lasting three hours. */
    private static final double MEAN_DRY_MILLIS = 2 * DailyWeather.DAY_MILLIS;
    private static final double MEAN_RAIN_MILLIS = 3 * HOUR;
    private static final double MIN_MM_PER_HOUR = 0.5;
    private static final double MAX_MM_PER_HOUR = 4.0;

    private final long periodMillis;
    private final double cap;
    private final SplittableRandom random;
    /** Rain that fell in each of the last periods, a ring as long as the capped window. */
    private final double[] window;
    private double windowTotal;
    private int head;
    private long nextStep;
    private boolean raining;
    private double mmPerHour;
    /** Rain in the bucket, not yet tipped. */
    private double bucket;
    /** Tips not yet reported. */
    private long tips;

    /**
     * @param periodMillis the gauge's acquisition period: one weather step per period
     * @param windowMillis the gateway's accumulation window, or 0 when readings are judged one by one
     * @param cap          most rain (mm) in any window in normal mode; with no accumulation, in one period
     */
    RainfallSignal(long originMillis, long periodMillis, long windowMillis, double cap, SplittableRandom random) {
        if (periodMillis <= 0) throw new IllegalArgumentException("period must be positive");
        this.periodMillis = periodMillis;
        this.cap = Math.max(0, cap - TIP_MM);
        this.random = random;
        this.window = new double[(int) Math.max(1, (windowMillis + periodMillis - 1) / periodMillis + 1)];
        this.nextStep = originMillis;
    }

    @Override
    public double valueAt(long plantMillis) {
        while (nextStep <= plantMillis) {
            step();
            nextStep += periodMillis;
        }
        double reported = tips * TIP_MM;
        tips = 0;
        return reported;
    }

    /** One period of weather: maybe a change between dry and raining, then that period's rain into the bucket. */
    private void step() {
        if (raining) {
            if (random.nextDouble() < periodMillis / MEAN_RAIN_MILLIS) raining = false;
        } else if (random.nextDouble() < periodMillis / MEAN_DRY_MILLIS) {
            raining = true;
            mmPerHour = MIN_MM_PER_HOUR + random.nextDouble() * (MAX_MM_PER_HOUR - MIN_MM_PER_HOUR);
        }
        windowTotal -= window[head];
        double rain = raining ? Math.min(mmPerHour * periodMillis / HOUR, Math.max(0, cap - windowTotal)) : 0;
        window[head] = rain;
        windowTotal = Math.max(0, windowTotal + rain);
        head = (head + 1) % window.length;
        bucket += rain;
        long tipped = (long) Math.floor(bucket / TIP_MM + 1e-9);
        tips += tipped;
        bucket -= tipped * TIP_MM;
    }
}
