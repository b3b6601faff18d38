package io.hazardgate.api.view;

/**
 * One reading as the control room shows it; quality is the wire code (0 good, 1 uncertain, 2 bad). A
 * point standing for a step of a long range carries the step's average as its value, and the lowest and
 * highest reading in it; NaN for a single reading.
 */
public record ReadingPoint(long ts, double value, int quality, double min, double max) {
    public ReadingPoint(long ts, double value, int quality) {
        this(ts, value, quality, Double.NaN, Double.NaN);
    }
}
