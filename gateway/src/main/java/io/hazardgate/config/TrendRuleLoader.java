package io.hazardgate.config;

import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.rules.TrendKind;
import io.hazardgate.config.rules.TrendRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sensor's {@code trends} mapping: rule name → {@code {kind, window, per, direction, limits,
 * steadyRate, minSamples, deadband}}. The kind defaults to the name when the name is a kind
 * ({@code rate}, {@code acceleration}, {@code rises}, {@code tangent_angle}).
 */
final class TrendRuleLoader {
    /**
     * The stages of the improved tangent angle method (Xu Qiang et al. 2009): greater than 45° initial
     * acceleration (strictly: steady creep is exactly 45°), at least 80° medium acceleration, at least 85°
     * imminent failure.
     */
    static final double TANGENT_YELLOW = 45;
    static final double TANGENT_ORANGE = 80;
    static final double TANGENT_RED = 85;
    static final int DEFAULT_MIN_SAMPLES = 3;
    /** Shortest trend window: slopes over less than a minute are noise. */
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** Rule names that the engine uses itself. */
    static final Set<String> RESERVED = Set.of("high", "low", "no_data", "fault");

    private TrendRuleLoader() {}

    static List<TrendRule> trends(ConfigNode n, SensorType type, double sensorDeadband) {
        List<TrendRule> out = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            out.add(trend(e.getKey(), e.getValue(), type, sensorDeadband));
        }
        return List.copyOf(out);
    }

    private static TrendRule trend(String name, ConfigNode n, SensorType type, double sensorDeadband) {
        if (RESERVED.contains(name)) throw n.error("'" + name + "' is the name of a built-in rule; choose another");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                throw n.error("rule name '" + name + "' may contain only letters, digits, '-' and '_'");
            }
        }
        n.requireObject();
        n.rejectUnknown(Set.of("kind", "window", "per", "direction", "limits", "steadyRate", "minSamples", "deadband"));
        String kindText = n.get("kind").string(TrendKind.fromWireName(name) == null ? null : name);
        if (kindText == null) throw n.get("kind").error("is required (rate, acceleration, rises or tangent_angle)");
        TrendKind kind = TrendKind.fromWireName(kindText);
        if (kind == null) throw n.get("kind").error("must be rate, acceleration, rises or tangent_angle, got '" + kindText + "'");

        Duration window = n.get("window").duration(type.defaultTrendWindow());
        if (kind != TrendKind.RISES && (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0)) {
            throw n.get("window").error("must be between 1m and 30d");
        }
        Duration per = n.get("per").duration(type.defaultRatePer());
        if (per.isZero()) throw n.get("per").error("must be longer than 0");
        String dirText = n.get("direction").string("high");
        Direction direction;
        try {
            direction = Direction.valueOf(dirText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw n.get("direction").error("must be high or low, got '" + dirText + "'");
        }
        double steadyRate = Double.NaN;
        if (kind == TrendKind.TANGENT_ANGLE) {
            if (!n.has("steadyRate")) {
                throw n.get("steadyRate").error("is required for tangent_angle: the rate of the steady (constant-velocity) "
                        + "deformation stage, in the sensor's unit per 'per'");
            }
            steadyRate = n.get("steadyRate").number();
            if (steadyRate <= 0) throw n.get("steadyRate").error("must be positive");
            if (direction != Direction.HIGH) throw n.get("direction").error("a tangent angle alarms only upwards (high)");
        } else if (n.has("steadyRate")) {
            throw n.get("steadyRate").error("applies only to tangent_angle rules");
        }
        double deadband = n.get("deadband").number(sensorDeadband);
        if (deadband < 0) throw n.get("deadband").error("must not be negative");
        int minSamples = n.get("minSamples").integer(kind == TrendKind.RISES ? 1 : DEFAULT_MIN_SAMPLES, 1, 10_000);
        if (kind != TrendKind.RISES && minSamples < 2) throw n.get("minSamples").error("must be at least 2 for a slope");

        List<ThresholdLimit> limits = limits(n.get("limits"), kind, direction, deadband);
        return new TrendRule(name, kind, window, per, direction, limits, steadyRate, minSamples);
    }

    private static List<ThresholdLimit> limits(ConfigNode n, TrendKind kind, Direction direction, double deadband) {
        List<ThresholdLimit> out = new ArrayList<>();
        if (n.isMissing()) {
            if (kind != TrendKind.TANGENT_ANGLE) throw n.error("is required, e.g. {yellow: 5, orange: 10, red: 20}");
            ThresholdLimit y = limit("yellow", 2, TANGENT_YELLOW, direction, deadband);
            out.add(new ThresholdLimit(y.name(), y.direction(), y.level(), y.value(), y.deadband(), true, java.time.Duration.ZERO));
            out.add(limit("orange", 3, TANGENT_ORANGE, direction, deadband));
            out.add(limit("red", 4, TANGENT_RED, direction, deadband));
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : n.entries()) {
            RiskColour c = RiskColour.warning(e.getKey());
            if (c == null) throw e.getValue().error("unknown limit (expected blue, yellow, orange or red)");
            double v = e.getValue().number();
            if (kind == TrendKind.RISES && (v < 1 || v != Math.rint(v))) {
                throw e.getValue().error("must be a whole number of consecutive rises, at least 1");
            }
            ThresholdLimit l = limit(e.getKey(), c.level(), v, direction, deadband);
            // the method's first stage is "greater than 45°": at exactly the limit a tangent-angle alarm is not raised
            if (kind == TrendKind.TANGENT_ANGLE && v == TANGENT_YELLOW) {
                l = new ThresholdLimit(l.name(), l.direction(), l.level(), l.value(), l.deadband(), true, java.time.Duration.ZERO);
            }
            out.add(l);
        }
        if (out.isEmpty()) throw n.error("must name at least one of blue, yellow, orange, red");
        out.sort((a, b) -> Integer.compare(a.level(), b.level()));
        for (int i = 1; i < out.size(); i++) {
            ThresholdLimit lo = out.get(i - 1);
            ThresholdLimit hi = out.get(i);
            boolean ok = direction == Direction.HIGH ? lo.value() < hi.value() : lo.value() > hi.value();
            if (!ok) {
                throw n.get(hi.name()).error(hi.value() + " must be " + (direction == Direction.HIGH ? "above " : "below ")
                        + lo.name() + " (" + lo.value() + ")");
            }
        }
        return List.copyOf(out);
    }

    private static ThresholdLimit limit(String name, int level, double value, Direction d, double deadband) {
        double db = Double.isNaN(deadband) ? Math.abs(value) * LimitLoader.DEFAULT_DEADBAND_FRACTION : deadband;
        return new ThresholdLimit(name, d, level, value, db);
    }
}
