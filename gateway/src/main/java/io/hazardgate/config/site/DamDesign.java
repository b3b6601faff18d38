package io.hazardgate.config.site;

/**
 * The design values of a tailings dam that its warning thresholds derive from (GB 51108-2015 §8.3 and
 * its commentary; the minima are GB 50863's). Elevations and lengths in metres; NaN when not given.
 *
 * @param crestElevation    beach crest elevation (滩顶高程): freeboard is this minus the water level
 * @param minDryBeach       design minimum dry beach length: the dry-beach red value
 * @param minFreeboard      minimum safety freeboard (最小安全超高): the freeboard red value
 * @param highestFloodLevel design highest flood level (设计最高洪水位): the water-level red value
 * @param floodControlLevel flood-season control level (汛前控制水位), for a limit to name
 * @param minPhreaticDepth  minimum phreatic line burial depth: the phreatic-line red value (orange 1.1 ×)
 */
public record DamDesign(double crestElevation, double minDryBeach, double minFreeboard, double highestFloodLevel,
                        double floodControlLevel, double minPhreaticDepth) {
    public static final DamDesign NONE = new DamDesign(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The value a limit may name ({@code limits: {orange: floodControlLevel}}); NaN when unknown or not given. */
    public double named(String name) {
        return switch (name) {
            case "crestElevation" -> crestElevation;
            case "minDryBeach" -> minDryBeach;
            case "minFreeboard" -> minFreeboard;
            case "highestFloodLevel" -> highestFloodLevel;
            case "floodControlLevel" -> floodControlLevel;
            case "minPhreaticDepth" -> minPhreaticDepth;
            default -> Double.NaN;
        };
    }

    /** The names a limit may give instead of a number. */
    public static final java.util.List<String> NAMES = java.util.List.of("crestElevation", "minDryBeach", "minFreeboard",
            "highestFloodLevel", "floodControlLevel", "minPhreaticDepth");
}
