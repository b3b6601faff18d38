package io.hazardgate.alarm.lifecycle;

import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.alarm.rules.ThresholdRule;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.Faults;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.TrendKind;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Escalation;
import java.math.BigDecimal;
import java.math.MathContext;

/** The human-readable {@code message} of alarm events. */
final class AlarmText {
    private AlarmText() {}

    static String message(SensorState st, RuleSpec spec, AlarmSlot slot, AlarmState state, int shown, double value) {
        Sensor s = st.sensor;
        String head = s.tag() + " " + s.name() + ": ";
        return switch (state) {
            case ACKNOWLEDGED -> head + spec.name + " alarm acknowledged by " + slot.ack.by()
                    + (slot.ack.comment().isEmpty() ? "" : " (" + slot.ack.comment() + ")");
            case FLAPPING -> head + spec.name + " alarm is flapping: held active until it settles";
            case SETTLED -> head + spec.name + " alarm has settled and is still active";
            case ACK_OVERDUE -> {
                Escalation e = AlarmLifecycle.escalation(st, slot);
                long minutes = (slot.escalationAfterMs + 59_999) / 60_000;
                yield head + spec.name + " alarm not acknowledged within " + minutes + " min: escalated to the "
                        + e.role() + " responsible person" + (e.person().isEmpty() ? " (none configured)" : " " + e.person());
            }
            default -> head + condition(st, spec, slot, state, shown, value);
        };
    }

    private static String condition(SensorState st, RuleSpec spec, AlarmSlot slot, AlarmState state, int shown, double value) {
        Sensor s = st.sensor;
        String unit = s.unit().isEmpty() ? "" : " " + s.unit();
        return switch (spec.kind) {
            case NO_DATA -> state == AlarmState.CLEARED ? "data again"
                    : slot.cause.equals("offline") ? "device " + s.device() + " went offline (connection lost)"
                    : "no data for over " + seconds(st.noDataWindowMs) + " (reports every " + seconds(s.period().toMillis()) + ")";
            case FAULT -> spec.name.equals(RuleSpecs.DISAGREE)
                    ? (state == AlarmState.CLEARED ? "switch and transmitter agree again" : disagreement(st, value))
                    : state == AlarmState.CLEARED ? "sensor fault gone" : "sensor fault: " + fault(st, slot.cause, value, unit);
            case THRESHOLD -> {
                if (st.discrete) yield discrete(st, spec, state, shown);
                String what = st.accumulator == null ? fmt(value) + unit
                        : fmt(value) + unit + " in " + seconds(s.rules().accumulate().toMillis());
                if (state == AlarmState.CLEARED) yield what + " back to normal";
                yield what + side(spec.limits, shown) + spec.limits.limitNames[shown] + " limit " + fmt(spec.limits.values[shown]) + unit;
            }
            case TREND -> {
                String u = spec.unit.isEmpty() ? "" : spec.unit.equals("°") ? "°" : " " + spec.unit;
                String what = switch (spec.trend) {
                    case RATE -> "rate " + fmt(value) + u;
                    case ACCELERATION -> "acceleration " + fmt(value) + u;
                    case TANGENT_ANGLE -> "tangent angle " + fmt(value) + u;
                    case RISES -> (long) value + " consecutive rises";
                };
                if (state == AlarmState.CLEARED) yield what + ", back to normal";
                String lim = spec.trend == TrendKind.RISES ? Long.toString((long) spec.limits.values[shown])
                        : fmt(spec.limits.values[shown]) + u;
                yield what + side(spec.limits, shown) + spec.limits.limitNames[shown] + " limit " + lim;
            }
        };
    }

    /** " at or above ", or " above " for a strict limit (the tangent angle's 45°). */
    private static String side(ThresholdRule limits, int shown) {
        boolean high = limits.direction == Direction.HIGH;
        if (limits.strict[shown]) return high ? " above " : " below ";
        return high ? " at or above " : " at or below ";
    }

    /** A discrete point's state alarm: a switch or interlock tripped, a bypass on (too long), a valve out of position. */
    private static String discrete(SensorState st, RuleSpec spec, AlarmState state, int shown) {
        String limit = spec.limits.limitNames[shown];
        boolean cleared = state == AlarmState.CLEARED;
        return switch (st.sensor.type()) {
            case LEVEL_SWITCH -> cleared ? limit + " switch reset" : limit + " switch tripped";
            case INTERLOCK -> cleared ? "reset" : "tripped";
            case BYPASS -> cleared ? "back in service (bypass removed)"
                    : shown == spec.limits.timedIndex ? "bypassed for more than " + seconds(spec.limits.timedMs) : "bypassed";
            case VALVE_POSITION -> {
                boolean expectClosed = spec.limits.direction == Direction.HIGH;
                yield cleared ? (expectClosed ? "closed" : "open") + " again, as expected"
                        : (expectClosed ? "open, expected closed" : "closed, expected open");
            }
            default -> cleared ? "back to normal" : limit;
        };
    }

    /** Why a level switch and its transmitter disagree, with what each reads. */
    private static String disagreement(SensorState st, double state) {
        SensorState t = st.partner;
        String tu = t == null || t.sensor.unit().isEmpty() ? "" : " " + t.sensor.unit();
        String reading = t == null ? "its transmitter" : t.sensor.tag() + " at " + fmt(t.publishedValue()) + tu;
        String setpoint = fmt(st.checkSetpoint) + tu;
        return state == 1
                ? "switch tripped while " + reading + " is short of its set-point " + setpoint + ": one of the two instruments is wrong"
                : "switch not tripped while " + reading + " is past its set-point " + setpoint + ": one of the two instruments is wrong";
    }

    private static String fault(SensorState st, String cause, double value, String unit) {
        Sensor s = st.sensor;
        String raw = s.conversion().rawUnit().isEmpty() ? unit : " " + s.conversion().rawUnit();
        return switch (cause) {
            case Faults.QUALITY -> "the device reports bad quality";
            case Faults.NAN -> "the device sent no number";
            case Faults.STATE -> "the device sent a state other than 0 or 1";
            case Faults.RANGE -> s.conversion().isIdentity()
                    ? fmt(value) + unit + " outside the instrument range [" + fmt(s.rangeMin()) + ", " + fmt(s.rangeMax()) + "]"
                    : "the instrument's reading is outside its range [" + fmt(s.rangeMin()) + ", " + fmt(s.rangeMax()) + "]" + raw;
            case Faults.FLATLINE -> "stuck at " + fmt(value) + unit + " for " + s.rules().flatline().samples() + " readings";
            default -> cause;
        };
    }

    static String seconds(long ms) {
        if (ms % 86_400_000L == 0 && ms >= 2 * 86_400_000L) return ms / 86_400_000L + " d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + " h";
        if (ms % 60_000L == 0) return ms / 60_000L + " min";
        return (ms + 999) / 1000 + " s";
    }

    /** A value with at most 4 significant digits after the integer part, without trailing zeros. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) return Double.toString(v);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        if (Math.abs(v) >= 1e6) return Double.toString(v);
        int integerDigits = Math.max(1, (int) Math.floor(Math.log10(Math.abs(v))) + 1);
        return new BigDecimal(v).round(new MathContext(integerDigits + 4)).stripTrailingZeros().toPlainString();
    }
}
