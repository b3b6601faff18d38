package io.hazardgate.config;

import io.hazardgate.config.rules.ColourPolicy;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.SwitchCheck;
import io.hazardgate.config.rules.ThresholdLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The state alarms of discrete points (docs/alarms.md, "Discrete points"): a level switch tripped at its
 * HH or LL, an interlock (ESD, SIS) tripped, a bypass on — and on too long — and a valve out of its
 * expected position. Each is one limit on the 0/1 state; its colour is the site's colour policy.
 */
final class DiscreteLoader {
    /** Sensor keys this class reads. */
    static final Set<String> KEYS = Set.of("trips", "checks", "setpoint", "tolerance", "disagreeAfter", "expect", "maxBypass");
    /** How long a bypass may stay on before its alarm escalates (project policy: a shift). */
    static final Duration DEFAULT_MAX_BYPASS = Duration.ofHours(8);
    /** How long a switch and its transmitter must disagree before it is a fault (project policy). */
    static final Duration DEFAULT_DISAGREE_AFTER = Duration.ofMinutes(1);

    record Resolved(List<ThresholdLimit> limits, SwitchCheck check, Duration maxBypass) {}

    private DiscreteLoader() {}

    static Resolved load(ConfigNode n, SensorType type, ColourPolicy policy) {
        if (!type.isDiscrete()) {
            for (String k : KEYS) {
                if (n.has(k)) throw n.get(k).error("applies only to discrete points (level_switch, valve_position, interlock, bypass)");
            }
            return null;
        }
        for (String k : new String[] {"limits", "thresholds", "deadband", "range"}) {
            if (n.has(k)) {
                throw n.get(k).error("a discrete point reports a state, 0 or 1, and alarms on it; its colour is set in the site's colourPolicy");
            }
        }
        reject(n, type != SensorType.LEVEL_SWITCH, "trips", "checks", "setpoint", "tolerance", "disagreeAfter");
        reject(n, type != SensorType.VALVE_POSITION, "expect");
        reject(n, type != SensorType.BYPASS, "maxBypass");
        List<ThresholdLimit> limits = new ArrayList<>();
        SwitchCheck check = null;
        Duration maxBypass = Duration.ZERO;
        switch (type) {
            case LEVEL_SWITCH -> {
                String trips = n.get("trips").oneOf(List.of("HH", "H", "L", "LL"), null);
                if (trips == null) throw n.get("trips").error("is required: the limit the switch stands for (HH, H, L or LL)");
                limits.add(state(trips, policy.level(trips, 4), 1));
                Direction side = trips.startsWith("H") ? Direction.HIGH : Direction.LOW;
                if (n.has("checks")) {
                    if (!n.has("setpoint")) throw n.get("setpoint").error("is required with checks: where the switch trips, in the transmitter's unit");
                    double tolerance = n.get("tolerance").number(Double.NaN);
                    if (tolerance < 0) throw n.get("tolerance").error("must not be negative");
                    Duration after = n.get("disagreeAfter").duration(DEFAULT_DISAGREE_AFTER);
                    if (after.isZero()) throw n.get("disagreeAfter").error("must be longer than 0");
                    check = new SwitchCheck(n.get("checks").identifier(), n.get("setpoint").number(), tolerance, side, after);
                } else {
                    reject(n, true, "setpoint", "tolerance", "disagreeAfter");
                }
            }
            case VALVE_POSITION -> {
                String expect = n.get("expect").oneOf(List.of("open", "closed"), null);
                if ("closed".equals(expect)) limits.add(state("position", policy.level("position", 2), 1));
                if ("open".equals(expect)) {
                    limits.add(new ThresholdLimit("position", Direction.LOW, policy.level("position", 2), 0, 0));
                }
            }
            case INTERLOCK -> limits.add(state("tripped", policy.level("tripped", 4), 1));
            case BYPASS -> {
                limits.add(state("bypassed", policy.level("bypassed", 2), 1));
                ConfigNode m = n.get("maxBypass");
                maxBypass = m.isOff() ? Duration.ZERO : m.duration(DEFAULT_MAX_BYPASS);
                if (!m.isOff() && maxBypass.isZero()) throw m.error("must be longer than 0, or off");
                if (!maxBypass.isZero()) {
                    limits.add(new ThresholdLimit("maxBypass", Direction.HIGH, policy.level("maxBypass", 3),
                            maxBypass.toMillis() / 3_600_000.0, 0, false, maxBypass));
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
        return new Resolved(List.copyOf(limits), check, maxBypass);
    }

    /** A state limit: in force when the point reads 1. */
    private static ThresholdLimit state(String name, int level, double value) {
        return new ThresholdLimit(name, Direction.HIGH, level, value, 0);
    }

    private static void reject(ConfigNode n, boolean reject, String... keys) {
        if (!reject) return;
        for (String k : keys) {
            if (n.has(k)) throw n.get(k).error("does not apply to this type of point");
        }
    }
}
