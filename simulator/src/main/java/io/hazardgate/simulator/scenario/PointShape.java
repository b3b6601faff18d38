package io.hazardgate.simulator.scenario;

import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.telemetry.Quality;
import java.time.Duration;

/**
 * What a point reports during a {@link PointIncident}. {@code start} is where the point is when the
 * incident begins: the end value of the incident on the same point that ends exactly then (a ramp's
 * target, a hold's value), otherwise the last value the point sent.
 */
public sealed interface PointShape {
    /**
     * @param normal  what the point would report in normal operation now
     * @param elapsed plant milliseconds since the incident began
     * @param length  the incident's length
     */
    double value(double start, double normal, long elapsed, long length);

    default Quality quality() {
        return Quality.GOOD;
    }

    /** Where the point is when the incident ends, for the next one; NaN when that is not a fixed value. */
    double endValue(double start);

    String describe();

    /** A jump to {@code value}, held. */
    record Step(double value) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) { return value; }

        public double endValue(double start) { return value; }

        public String describe() { return "step to " + num(value); }
    }

    /**
     * A straight line from {@code from} (NaN: where the point is) to {@code to} (NaN: back to the
     * point's normal signal), reaching it as the incident ends.
     */
    record Ramp(double from, double to) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) {
            double a = Double.isNaN(from) ? start : from;
            double b = Double.isNaN(to) ? normal : to;
            return a + (b - a) * elapsed / length;
        }

        public double endValue(double start) { return to; }

        public String describe() { return "ramp to " + (Double.isNaN(to) ? "normal" : num(to)); }
    }

    /** Stays at {@code value} (NaN: where the point is), as a process value that has settled. */
    record Hold(double value) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) { return Double.isNaN(value) ? start : value; }

        public double endValue(double start) { return Double.isNaN(value) ? start : value; }

        public String describe() { return "hold" + (Double.isNaN(value) ? "" : " at " + num(value)); }
    }

    /**
     * A stuck sensor: the very same number every sample ({@code value}, or NaN for the last value the
     * point sent), where the process would show noise. A fault, not a process value.
     */
    record Flatline(double value) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) { return Double.isNaN(value) ? start : value; }

        public double endValue(double start) { return Double.NaN; }

        public String describe() { return "flatline" + (Double.isNaN(value) ? "" : " at " + num(value)); }
    }

    /** A broken instrument reading {@code value}, outside its configured range. A fault. */
    record OutOfRange(double value) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) { return value; }

        public double endValue(double start) { return Double.NaN; }

        public String describe() { return "out of range at " + num(value); }
    }

    /** Normal values flagged {@code quality: bad} by the logger (a detector or wiring fault). */
    record BadQuality() implements PointShape {
        public double value(double start, double normal, long elapsed, long length) { return normal; }

        @Override
        public Quality quality() { return Quality.BAD; }

        public double endValue(double start) { return Double.NaN; }

        public String describe() { return "bad quality"; }
    }

    /**
     * Displacement that accelerates on top of the normal signal: {@code rate·τ + acceleration·τ²/2}
     * added, with τ the time since the start in units of {@code perMillis} (mm/day and mm/day² with
     * {@code per: 1d}).
     */
    record Accelerate(double rate, double acceleration, long perMillis) implements PointShape {
        public double value(double start, double normal, long elapsed, long length) {
            double tau = (double) elapsed / perMillis;
            return normal + rate * tau + acceleration * tau * tau / 2;
        }

        public double endValue(double start) { return Double.NaN; }

        public String describe() {
            String per = perMillis == 86_400_000L ? "day" : perMillis == 3_600_000L ? "h" : Durations.readable(Duration.ofMillis(perMillis));
            return "accelerating from " + num(rate) + "/" + per + " by " + num(acceleration) + "/" + per + "²";
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
