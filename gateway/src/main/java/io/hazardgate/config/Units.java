package io.hazardgate.config;

import java.util.Map;

/**
 * Linear conversions between the units field devices report in and the units sensors are configured
 * in, for a field that declares its own {@code unit}: {@code sensorValue = raw × factor + shift}. Only
 * units of one quantity convert; anything else is a configuration error, never a silent pass-through.
 */
final class Units {
    /** A unit as {@code factor} × the quantity's base unit plus {@code shift} of it. */
    private record Unit(String quantity, double factor, double shift) {}

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("mm", new Unit("length", 0.001, 0)), Map.entry("cm", new Unit("length", 0.01, 0)),
            Map.entry("m", new Unit("length", 1, 0)), Map.entry("km", new Unit("length", 1000, 0)),
            Map.entry("Pa", new Unit("pressure", 1, 0)), Map.entry("hPa", new Unit("pressure", 100, 0)),
            Map.entry("kPa", new Unit("pressure", 1000, 0)), Map.entry("MPa", new Unit("pressure", 1e6, 0)),
            Map.entry("bar", new Unit("pressure", 1e5, 0)), Map.entry("mbar", new Unit("pressure", 100, 0)),
            Map.entry("°C", new Unit("temperature", 1, 0)), Map.entry("℃", new Unit("temperature", 1, 0)),
            Map.entry("degC", new Unit("temperature", 1, 0)), Map.entry("K", new Unit("temperature", 1, -273.15)),
            Map.entry("°F", new Unit("temperature", 5.0 / 9, -32 * 5.0 / 9)),
            Map.entry("ppm", new Unit("fraction", 1e-6, 0)), Map.entry("ppb", new Unit("fraction", 1e-9, 0)),
            Map.entry("%VOL", new Unit("fraction", 0.01, 0)),
            Map.entry("m3/h", new Unit("flow", 1, 0)), Map.entry("m³/h", new Unit("flow", 1, 0)),
            Map.entry("L/s", new Unit("flow", 3.6, 0)), Map.entry("L/min", new Unit("flow", 0.06, 0)));

    private Units() {}

    /**
     * {factor, shift} turning a value in {@code from} into {@code to}, or null when the two are not the
     * same quantity (or either is unknown and they differ).
     */
    static double[] conversion(String from, String to) {
        if (from.equals(to)) return new double[] {1, 0};
        Unit f = UNITS.get(from);
        Unit t = UNITS.get(to);
        if (f == null || t == null || !f.quantity().equals(t.quantity())) return null;
        // base = raw × f.factor + f.shift; to = (base − t.shift) / t.factor
        return new double[] {f.factor() / t.factor(), (f.shift() - t.shift()) / t.factor()};
    }
}
