package io.hazardgate.simulator.signal;

import java.util.SplittableRandom;

/**
 * A rain gauge reporting the rolling 24-hour accumulation. Weather is simulated in 10-minute steps from
 * the run's origin (so values do not depend on how often the gauge is read): dry spells, then rain
 * events of a few hours at a steady intensity. In normal mode the accumulation is capped below the
 * lowest warning (a rainstorm is an incident, injected on purpose).
 */
final class RainfallSignal implements SignalModel {
    static final long STEP_MILLIS = 600_000L;
    private static final int STEPS_PER_DAY = (int) (DailyWeather.DAY_MILLIS / STEP_MILLIS);
    /** On average a rain event every two days, lasting three hours. */
    private static final double START_PROBABILITY = 1.0 / (2 * STEPS_PER_DAY);
    private static final double STOP_PROBABILITY = 1.0 / 18;
    private static final double MIN_MM_PER_HOUR = 0.5;
    private static final double MAX_MM_PER_HOUR = 4.0;

    private final double cap;
    private final SplittableRandom random;
    private final double[] window = new double[STEPS_PER_DAY];
    private double total;
    private int head;
    private long nextStep;
    private boolean raining;
    private double mmPerStep;

    RainfallSignal(long originMillis, double cap, SplittableRandom random) {
        this.cap = cap;
        this.random = random;
        this.nextStep = originMillis;
    }

    @Override
    public double valueAt(long plantMillis) {
        while (nextStep <= plantMillis) {
            step();
            nextStep += STEP_MILLIS;
        }
        return total;
    }

    private void step() {
        if (raining) {
            if (random.nextDouble() < STOP_PROBABILITY) raining = false;
        } else if (random.nextDouble() < START_PROBABILITY) {
            raining = true;
            mmPerStep = (MIN_MM_PER_HOUR + random.nextDouble() * (MAX_MM_PER_HOUR - MIN_MM_PER_HOUR)) * STEP_MILLIS / 3_600_000.0;
        }
        total -= window[head];
        double rain = raining ? Math.min(mmPerStep, Math.max(0, cap - total)) : 0;
        window[head] = rain;
        total = Math.max(0, total + rain);
        head = (head + 1) % STEPS_PER_DAY;
    }
}
