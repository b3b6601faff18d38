package io.hazardgate.api.view;

/** One reading as the control room shows it; quality is the wire code (0 good, 1 uncertain, 2 bad). */
public record ReadingPoint(long ts, double value, int quality) {}
