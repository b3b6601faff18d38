package io.hazardgate.config;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Delay;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.EscalationPolicy;
import io.hazardgate.config.rules.FlappingRule;
import io.hazardgate.config.rules.FlatlineRule;
import io.hazardgate.config.rules.NoDataRule;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.site.HazardSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the alarm rules of a sensor beyond its limits ({@code onDelay}, {@code offDelay},
 * {@code trends}, {@code noData}, {@code flatline}, {@code flapping}, {@code escalation},
 * {@code accumulate}), falling back to the site file's {@code defaults} and then to the built-in
 * defaults. Every error names the field.
 */
final class RuleLoader {
    /** Sensor keys this loader owns. */
    static final Set<String> SENSOR_KEYS =
            Set.of("onDelay", "offDelay", "trends", "noData", "flatline", "flapping", "escalation", "accumulate");
    /** Longest acquisition period of a tailings point: it must report at least once a day (GB 51108-2015 §4.5.4). */
    static final Duration MAX_TAILINGS_PERIOD = Duration.ofHours(24);
    /** A GNSS or total-station point in a warning reports at least every 30 min (GB 51108-2015 §4.5.4). */
    static final Duration SURVEYED_WARNING_PERIOD = Duration.ofMinutes(30);
    /** Longest accumulation window: a week of readings is the most a sliding sum is kept for. */
    static final Duration MAX_ACCUMULATION = Duration.ofDays(7);
    /** Most escalation steps: three responsible persons and the supervisor, each named once. */
    static final int MAX_ESCALATION_STEPS = EscalationPlan.ROLES.size();

    /** Site-wide defaults from the site file's {@code defaults} mapping. */
    record Defaults(Delay onDelay, Delay offDelay, NoDataRule noData, FlappingRule flapping, EscalationPolicy escalation) {
        static final Defaults BUILT_IN = new Defaults(Delay.NONE, Delay.NONE, NoDataRule.DEFAULT, FlappingRule.DEFAULT,
                EscalationPolicy.DEFAULT);
    }

    private RuleLoader() {}

    static Defaults defaults(ConfigNode n) {
        if (n.isMissing()) return Defaults.BUILT_IN;
        n.requireObject();
        n.rejectUnknown(Set.of("onDelay", "offDelay", "noData", "flapping", "escalation"));
        Defaults d = Defaults.BUILT_IN;
        return new Defaults(delay(n.get("onDelay"), d.onDelay()), delay(n.get("offDelay"), d.offDelay()),
                noData(n.get("noData"), d.noData()), flapping(n.get("flapping"), d.flapping()),
                escalationPolicy(n.get("escalation")));
    }

    /**
     * @param priority the priority of the sensor's hazard source, which picks the default escalation
     * @param derived  whether the point is computed from another one: it has no no-data of its own
     * @param discrete the state alarms of a discrete point; null for others
     */
    static AlarmRules rules(ConfigNode n, SensorType type, Defaults d, double sensorDeadband, int priority, boolean derived,
                            DiscreteLoader.Resolved discrete) {
        NoDataRule noData;
        if (derived) {
            if (n.has("noData")) throw n.get("noData").error("a derived point has no readings of its own: the no-data of the point it is derived from covers it");
            noData = NoDataRule.OFF;
        } else {
            noData = noData(n.get("noData"), d.noData());
        }
        if (type.isDiscrete() && n.has("trends")) throw n.get("trends").error("a discrete point has no trends");
        return new AlarmRules(delay(n.get("onDelay"), d.onDelay()), delay(n.get("offDelay"), d.offDelay()),
                TrendRuleLoader.trends(n.get("trends"), type, sensorDeadband),
                noData, flatline(n.get("flatline")), flapping(n.get("flapping"), d.flapping()),
                escalation(n.get("escalation"), d.escalation().forPriority(priority)), accumulate(n.get("accumulate"), type),
                discrete == null ? null : discrete.check(), discrete == null ? Duration.ZERO : discrete.maxBypass());
    }

    /**
     * {@code [15m, 30m, 45m]} for every source, per colour ({@code {red: [...], orange: [...], default: [...]}},
     * see {@link #escalation}), or by source priority, each priority in either form:
     * {@code {1: [5m, 10m, 15m], 2: {red: [2m], default: [10m, 20m]}, other: [15m, 30m, 45m]}} (unnamed
     * priorities keep the built-in policy's plans).
     */
    static EscalationPolicy escalationPolicy(ConfigNode n) {
        if (n.isMissing()) return EscalationPolicy.DEFAULT;
        if (n.isOff()) return EscalationPolicy.uniform(EscalationPlan.OFF);
        if (!n.isObject()) return EscalationPolicy.uniform(escalation(n, null));
        List<String> names = n.fieldNames();
        boolean byPriority = names.stream().anyMatch(k -> k.equals("other") || k.matches("\\d+"));
        if (!byPriority) return EscalationPolicy.uniform(escalation(n, null));
        n.rejectUnknown(java.util.Set.of("1", "2", "3", "4", "5", "other"));
        java.util.Map<Integer, EscalationPlan> by = new java.util.HashMap<>(EscalationPolicy.DEFAULT.byPriority());
        for (int p = 1; p <= HazardSource.UNGRADED; p++) {
            ConfigNode steps = n.get(Integer.toString(p));
            if (!steps.isMissing()) by.put(p, escalation(steps, null));
        }
        ConfigNode other = n.get("other");
        EscalationPlan rest = other.isMissing() ? EscalationPolicy.DEFAULT.other() : escalation(other, null);
        return new EscalationPolicy(by, rest);
    }

    /** {@code 3} (readings), {@code 30s} (reading time) or {@code {samples: 3, duration: 30s}}. */
    static Delay delay(ConfigNode n, Delay dflt) {
        if (n.isMissing()) return dflt;
        if (n.isOff()) return Delay.NONE;
        if (n.isIntegral()) return new Delay(n.integer(1, 1, 10_000), Duration.ZERO);
        if (n.isText()) return new Delay(1, nonNegative(n));
        if (!n.isObject()) throw n.error("must be a number of readings (3), a duration (30s) or {samples: 3, duration: 30s}");
        n.rejectUnknown(Set.of("samples", "duration"));
        return new Delay(n.get("samples").integer(1, 1, 10_000), nonNegative(n.get("duration")));
    }

    static NoDataRule noData(ConfigNode n, NoDataRule dflt) {
        if (n.isMissing()) return dflt;
        if (n.isOff()) return NoDataRule.OFF;
        n.requireObject();
        n.rejectUnknown(Set.of("multiple", "min"));
        double multiple = n.get("multiple").number(dflt.multiple());
        if (multiple < 1) throw n.get("multiple").error("must be at least 1 (a point is not silent before its period is over)");
        Duration min = n.get("min").duration(dflt.minimum());
        if (min.isZero()) throw n.get("min").error("must be longer than 0");
        return new NoDataRule(true, multiple, min);
    }

    /** {@code 30} (readings, exactly equal) or {@code {samples: 30, tolerance: 0.01}}. */
    static FlatlineRule flatline(ConfigNode n) {
        if (n.isMissing() || n.isOff()) return FlatlineRule.OFF;
        if (n.isIntegral()) return new FlatlineRule(n.integer(0, 2, 100_000), 0);
        if (!n.isObject()) throw n.error("must be a number of readings (30) or {samples: 30, tolerance: 0.01}");
        n.rejectUnknown(Set.of("samples", "tolerance"));
        if (!n.has("samples")) throw n.get("samples").error("is required");
        double tolerance = n.get("tolerance").number(0);
        if (tolerance < 0) throw n.get("tolerance").error("must not be negative");
        return new FlatlineRule(n.get("samples").integer(0, 2, 100_000), tolerance);
    }

    static FlappingRule flapping(ConfigNode n, FlappingRule dflt) {
        if (n.isMissing()) return dflt;
        if (n.isOff()) return FlappingRule.OFF;
        n.requireObject();
        n.rejectUnknown(Set.of("transitions", "window"));
        int transitions = n.get("transitions").integer(dflt.enabled() ? dflt.transitions() : FlappingRule.DEFAULT.transitions(), 2, 64);
        Duration window = n.get("window").duration(dflt.enabled() ? dflt.window() : FlappingRule.DEFAULT.window());
        if (window.isZero()) throw n.get("window").error("must be longer than 0");
        return new FlappingRule(transitions, window);
    }

    /**
     * {@code [15m, 30m, 45m]} (times after raising, naming the principal, technical, operational person and
     * the supervisor in turn), a list of {@code {after: 5m, to: supervisor}} steps, {@code off}, or per
     * colour: {@code {red: [5m, 10m], orange: ..., yellow: ..., blue: ..., grey: ..., default: ...}}, where
     * a colour not named takes {@code default}, and {@code default} the built-in ladder.
     */
    static EscalationPlan escalation(ConfigNode n, EscalationPlan dflt) {
        if (n.isMissing()) return dflt;
        if (n.isOff()) return EscalationPlan.OFF;
        if (!n.isObject()) return EscalationPlan.uniform(ladder(n));
        List<String> keys = new ArrayList<>(EscalationPlan.COLOURS);
        keys.add("default");
        n.rejectUnknown(Set.copyOf(keys));
        List<EscalationPlan.Step> fallback = n.has("default") ? ladder(n.get("default")) : EscalationPlan.DEFAULT.steps(0);
        List<List<EscalationPlan.Step>> byLevel = new ArrayList<>();
        for (String colour : EscalationPlan.COLOURS) byLevel.add(n.has(colour) ? ladder(n.get(colour)) : fallback);
        return new EscalationPlan(byLevel);
    }

    /** One colour's ladder: {@code off}, or a list of times or {@code {after, to}} steps, later each. */
    private static List<EscalationPlan.Step> ladder(ConfigNode n) {
        if (n.isOff()) return List.of();
        List<ConfigNode> steps = n.elements();
        if (steps.isEmpty() || steps.size() > MAX_ESCALATION_STEPS) {
            throw n.error("must list 1 to " + MAX_ESCALATION_STEPS + " steps (principal, technical, operational, supervisor), or be off");
        }
        List<EscalationPlan.Step> out = new ArrayList<>();
        Set<String> roles = new java.util.HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            ConfigNode s = steps.get(i);
            Duration d;
            String role;
            if (s.isObject()) {
                s.rejectUnknown(Set.of("after", "to"));
                d = s.get("after").duration();
                role = s.get("to").oneOf(EscalationPlan.ROLES, null);
                if (role == null) throw s.get("to").error("is required: one of " + String.join(", ", EscalationPlan.ROLES));
            } else {
                d = s.duration(null);
                role = EscalationPlan.ROLES.get(i);
            }
            if (d.isZero()) throw s.error("must be longer than 0");
            if (!out.isEmpty() && d.compareTo(out.get(out.size() - 1).after()) <= 0) {
                throw s.error("must be later than the step before it (" + out.get(out.size() - 1).after() + ")");
            }
            if (!roles.add(role)) throw s.error("names the " + role + " a second time");
            out.add(new EscalationPlan.Step(d, role));
        }
        return List.copyOf(out);
    }

    static Duration accumulate(ConfigNode n, SensorType type) {
        if (n.isMissing()) return type.defaultAccumulation();
        if (n.isOff()) return Duration.ZERO;
        Duration d = n.duration(null);
        if (d.toMinutes() < 1 || d.compareTo(MAX_ACCUMULATION) > 0) throw n.error("must be between 1m and 7d, or off");
        return d;
    }

    private static Duration nonNegative(ConfigNode n) {
        return n.duration(Duration.ZERO);
    }
}
