package io.hazardgate.alarm.rules;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.EscalationPlan;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.rules.TrendRule;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link RuleSpec}s of sensors, giving sensors with identical rules the same instances. One
 * builder per config generation; used by one thread at a time.
 */
public final class RuleSpecs {
    static final String NO_DATA = "no_data";
    static final String FAULT = "fault";
    /** A level switch and its transmitter disagree (a fault of one of the two instruments). */
    public static final String DISAGREE = "disagree";
    /** The threshold rule of a discrete point: its state. */
    public static final String STATE = "state";

    private final Map<Object, RuleSpec> interned = new HashMap<>();

    /** Key of a rule's configuration: what makes two sensors' rules the same. */
    private record Key(String name, AlarmKind kind, Object limits, Object trend, String unit, Object rules, boolean latched) {}

    /** The sensor's rules in evaluation order: thresholds (high, low; a discrete point's state), trends, no-data, disagree, fault. */
    public RuleSpec[] of(Sensor s) {
        List<RuleSpec> out = new ArrayList<>();
        AlarmRules r = s.rules();
        for (Direction d : Direction.values()) {
            List<ThresholdLimit> limits = s.limits(d);
            if (limits.isEmpty()) continue;
            String name = s.type().isDiscrete() ? STATE : d == Direction.HIGH ? "high" : "low";
            out.add(intern(new Key(name, AlarmKind.THRESHOLD, limits, null, s.unit(), r, s.latched()),
                    () -> spec(name, AlarmKind.THRESHOLD, new ThresholdRule(d, limits), null, s.unit(), r, s.latched())));
        }
        for (TrendRule t : r.trends()) {
            String unit = trendUnit(s.unit(), t);
            out.add(intern(new Key(t.name(), AlarmKind.TREND, null, t, unit, r, s.latched()),
                    () -> spec(t.name(), AlarmKind.TREND, new ThresholdRule(t.name(), t.direction(), t.limits()), t, unit, r,
                            s.latched())));
        }
        if (r.noData().enabled()) {
            out.add(intern(new Key(NO_DATA, AlarmKind.NO_DATA, null, null, "", r, false),
                    () -> spec(NO_DATA, AlarmKind.NO_DATA, null, null, "", r, false)));
        }
        if (r.check() != null) {
            // a fault of one of two instruments: raised once the disagreement has lasted its time, cleared at once
            long after = r.check().duration().toMillis();
            out.add(intern(new Key(DISAGREE, AlarmKind.FAULT, null, r.check(), "", r, false),
                    () -> new RuleSpec(DISAGREE, AlarmKind.FAULT, null, null, 0, 0, Double.NaN, 0, "", 1, after, 1, 0, false,
                            r.flapping().transitions(), r.flapping().window().toMillis(), escalationTimes(r), escalationRoles(r))));
        }
        out.add(intern(new Key(FAULT, AlarmKind.FAULT, null, null, s.unit(), r, false),
                () -> spec(FAULT, AlarmKind.FAULT, null, null, s.unit(), r, false)));
        return out.toArray(new RuleSpec[0]);
    }

    private RuleSpec intern(Key key, java.util.function.Supplier<RuleSpec> make) {
        return interned.computeIfAbsent(key, k -> make.get());
    }

    private static RuleSpec spec(String name, AlarmKind kind, ThresholdRule limits, TrendRule t, String unit, AlarmRules r,
                                 boolean latched) {
        boolean hazard = kind.isHazard();
        long[][] escalation = escalationTimes(r);
        String[][] roles = escalationRoles(r);
        return new RuleSpec(name, kind, limits, t == null ? null : t.kind(),
                t == null ? 0 : t.window().toMillis(), t == null ? 0 : t.per().toMillis() / 1000.0,
                t == null ? Double.NaN : t.steadyRate(), t == null ? 0 : t.minSamples(), unit,
                hazard ? r.onDelay().samples() : 1, hazard ? r.onDelay().duration().toMillis() : 0,
                hazard ? r.offDelay().samples() : 1, hazard ? r.offDelay().duration().toMillis() : 0,
                hazard && latched, r.flapping().transitions(), r.flapping().window().toMillis(), escalation, roles);
    }

    /** Per level (0 grey .. 4 red), the times of the escalation ladder, in ms after the raise. */
    private static long[][] escalationTimes(AlarmRules r) {
        long[][] out = new long[EscalationPlan.COLOURS.size()][];
        for (int level = 0; level < out.length; level++) {
            out[level] = r.escalation().steps(level).stream().mapToLong(st -> st.after().toMillis()).toArray();
        }
        return out;
    }

    /** Per level, the role each step of the ladder names. */
    private static String[][] escalationRoles(AlarmRules r) {
        String[][] out = new String[EscalationPlan.COLOURS.size()][];
        for (int level = 0; level < out.length; level++) {
            out[level] = r.escalation().steps(level).stream().map(EscalationPlan.Step::role).toArray(String[]::new);
        }
        return out;
    }

    /** The unit of a trend's derived value: mm/d for a rate, mm/d² for an acceleration, ° for an angle. */
    static String trendUnit(String unit, TrendRule t) {
        String per = perLabel(t.per());
        String u = unit.isEmpty() ? "" : unit;
        return switch (t.kind()) {
            case RATE -> u + "/" + per;
            case ACCELERATION -> u + "/" + per + "²";
            case TANGENT_ANGLE -> "°";
            case RISES -> "";
        };
    }

    private static String perLabel(Duration per) {
        if (per.equals(Duration.ofDays(1))) return "d";
        if (per.equals(Duration.ofHours(1))) return "h";
        if (per.equals(Duration.ofMinutes(1))) return "min";
        if (per.equals(Duration.ofSeconds(1))) return "s";
        return per.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

}
