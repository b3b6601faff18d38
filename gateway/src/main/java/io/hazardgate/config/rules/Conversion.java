package io.hazardgate.config.rules;

/**
 * How a point's engineering value is got from what its instrument reports: {@code value = scale × raw +
 * offset}, applied before any rule judges it. It covers a baseline (基准值: displacement since the
 * reference reading, {@code offset = −baseline}), a linear engineering conversion, the phreatic burial
 * depth from a piezometer's head and installation elevation, and a point derived from another one (the
 * freeboard from the water level). The store keeps what the instrument sent; alarms, and the latest
 * reading the control room sees, carry the engineering value.
 *
 * @param from    for a derived point, the tag whose readings it is computed from; "" for a point that
 *                reports itself
 * @param rawUnit the unit the instrument reports in; "" when it is the sensor's own unit
 */
public record Conversion(double scale, double offset, String from, String rawUnit) {
    public static final Conversion NONE = new Conversion(1, 0, "", "");

    public boolean isIdentity() { return scale == 1 && offset == 0; }

    public boolean derived() { return !from.isEmpty(); }

    public double apply(double raw) { return scale * raw + offset; }
}
