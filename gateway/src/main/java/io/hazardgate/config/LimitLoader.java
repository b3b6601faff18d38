package io.hazardgate.config;

import io.hazardgate.config.rules.ColourPolicy;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.StandardOverride;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.DamDesign;
import io.hazardgate.config.site.HazardSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sensor's threshold limits: its type's preset, the site's colour policy for the levels of process and
 * gas limits, values derived where a standard derives them, the sensor's {@code limits} overrides and its
 * full-form {@code thresholds}; then checked against the standard's maxima and for order.
 */
final class LimitLoader {
    /** Default deadband as a fraction of a limit's magnitude when a sensor sets none (project policy). */
    static final double DEFAULT_DEADBAND_FRACTION = 0.02;
    /** Phreatic-line orange warning value is 1.1 × the red value (GB 51108-2015 §8.3.4 commentary). */
    static final double PHREATIC_ORANGE_FACTOR = 1.1;
    /** Landslide-body displacement orange warning value is 0.8 × the red value (GB 51108-2015 §8.3.8 commentary). */
    static final double LANDSLIDE_ORANGE_FACTOR = 0.8;

    /** The limits, and the override that lets some of them exceed the standard (null when none). */
    record Resolved(List<ThresholdLimit> limits, StandardOverride override) {}

    private LimitLoader() {}

    static Resolved limits(ConfigNode n, SensorType type, String unit, double deadband, ColourPolicy policy, HazardSource source) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (SensorType.PresetLimit p : type.presetLimits()) values.put(p.name(), p.value());
        GasLimits.Toxic toxic = null;
        if (type == SensorType.TOXIC_GAS) {
            toxic = GasLimits.toxic(n, unit);
            values.put("L1", toxic.l1Max());
            values.put("L2", toxic.l2Max());
        }
        Set<String> overridden = new HashSet<>();
        for (Map.Entry<String, ConfigNode> e : n.get("limits").entries()) {
            if (type.presetLimit(e.getKey()) == null) {
                List<String> names = type.presetLimits().stream().map(SensorType.PresetLimit::name).toList();
                throw e.getValue().error(names.isEmpty()
                        ? "type " + type.wireName() + " has no preset limits; use 'thresholds' with name, direction, level and value"
                        : "unknown limit for " + type.wireName() + " (expected one of " + String.join(", ", names) + ")");
            }
            values.put(e.getKey(), value(e.getValue(), type, source));
            overridden.add(e.getKey());
        }
        if (type.isTailings()) derive(values, overridden, type, source.design());
        StandardOverride override = null;
        if (type == SensorType.COMBUSTIBLE_GAS || type == SensorType.TOXIC_GAS) {
            override = GasLimits.checkMaxima(n, type, unit, values, toxic);
        } else if (n.has("standardOverride")) {
            throw n.get("standardOverride").error("applies only to gas detectors, whose set-points GB/T 50493-2019 §5.5.2 bounds");
        }

        List<ThresholdLimit> out = new ArrayList<>();
        for (SensorType.PresetLimit p : type.presetLimits()) {
            double v = values.get(p.name());
            if (Double.isNaN(v)) continue; // the site chose not to use this limit
            int level = type.isTailings() ? p.level() : policy.level(p.name(), p.level());
            out.add(new ThresholdLimit(p.name(), p.direction(), level, v, deadbandFor(deadband, v)));
        }
        for (ConfigNode t : n.get("thresholds").elements()) out.add(fullFormLimit(t, deadband));
        checkOrdering(n, out);
        out.sort(Comparator.comparing(ThresholdLimit::direction).thenComparingInt(ThresholdLimit::level));
        return new Resolved(List.copyOf(out), override);
    }

    /** A limit's value: a number, or for a tailings item the name of one of its dam's design values. */
    private static double value(ConfigNode v, SensorType type, HazardSource source) {
        if (v.isNumber() || !type.isTailings()) return v.number();
        String name = v.string();
        if (!DamDesign.NAMES.contains(name)) {
            throw v.error("must be a number or the name of a design value of the dam (" + String.join(", ", DamDesign.NAMES) + ")");
        }
        double d = source.design().named(name);
        if (Double.isNaN(d)) throw v.error("names " + name + ", which hazard source '" + source.id() + "' does not give under design");
        return d;
    }

    /** Thresholds the standards derive from the dam's design values and from other levels. */
    private static void derive(Map<String, Double> values, Set<String> overridden, SensorType type, DamDesign design) {
        double designRed = switch (type) {
            case WATER_LEVEL -> design.highestFloodLevel();   // GB 51108 §8.3.6 commentary
            case DRY_BEACH -> design.minDryBeach();           // §8.3.5, GB 50863's minimum
            case FREEBOARD -> design.minFreeboard();          // §8.3.5, GB 50863's minimum
            case PHREATIC_LINE -> design.minPhreaticDepth();  // §8.3.4, GB 50863's minimum burial depth
            default -> Double.NaN;
        };
        if (!overridden.contains("red") && !Double.isNaN(designRed)) values.put("red", designRed);
        double red = values.get("red");
        if (overridden.contains("orange") || Double.isNaN(red)) return;
        if (type == SensorType.PHREATIC_LINE) values.put("orange", PHREATIC_ORANGE_FACTOR * red);
        if (type == SensorType.LANDSLIDE_DISPLACEMENT) values.put("orange", LANDSLIDE_ORANGE_FACTOR * red);
    }

    private static ThresholdLimit fullFormLimit(ConfigNode t, double sensorDeadband) {
        t.requireObject();
        t.rejectUnknown(Set.of("name", "direction", "level", "value", "deadband"));
        String name = t.get("name").identifier();
        String dir = t.get("direction").string();
        Direction direction;
        try {
            direction = Direction.valueOf(dir.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw t.get("direction").error("must be high or low, got '" + dir + "'");
        }
        if (!t.has("level")) throw t.get("level").error("is required (1 blue, 2 yellow, 3 orange, 4 red)");
        int level = t.get("level").integer(0, 1, 4);
        double value = t.get("value").number();
        double db = t.get("deadband").number(Double.NaN);
        if (db < 0) throw t.get("deadband").error("must not be negative");
        return new ThresholdLimit(name, direction, level, value, Double.isNaN(db) ? deadbandFor(sensorDeadband, value) : db);
    }

    static double deadbandFor(double configured, double limitValue) {
        return Double.isNaN(configured) ? Math.abs(limitValue) * DEFAULT_DEADBAND_FRACTION : configured;
    }

    /** Higher levels must be further out: HH above H, LL below L, red beyond orange. */
    private static void checkOrdering(ConfigNode n, List<ThresholdLimit> limits) {
        Set<String> names = new HashSet<>();
        for (ThresholdLimit a : limits) {
            if (!names.add(a.name())) throw n.get("thresholds").error("duplicate limit name '" + a.name() + "'");
            for (ThresholdLimit b : limits) {
                if (a == b || a.direction() != b.direction()) continue;
                if (a.level() == b.level()) {
                    throw n.get("limits").error("limits " + a.name() + " and " + b.name() + " are both level " + a.level()
                            + " on the " + a.direction().name().toLowerCase(Locale.ROOT) + " side");
                }
                if (a.level() < b.level()) {
                    boolean ok = a.direction() == Direction.HIGH ? a.value() < b.value() : a.value() > b.value();
                    if (!ok) {
                        throw n.get("limits").get(b.name()).error(b.value() + " must be "
                                + (a.direction() == Direction.HIGH ? "above " : "below ") + a.name() + " (" + a.value() + ")");
                    }
                }
            }
        }
    }
}
