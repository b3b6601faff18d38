package io.hazardgate.alarm.lifecycle;

import io.hazardgate.alarm.rules.RuleSpec;
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
            case FAULT -> state == AlarmState.CLEARED ? "sensor fault gone"
                    : "sensor fault: " + fault(st, slot.cause, value, unit);
            case THRESHOLD -> {
                String what = st.accumulator == null ? fmt(value) + unit
                        : fmt(value) + unit + " in " + seconds(s.rules().accumulate().toMillis());
                if (state == AlarmState.CLEARED) yield what + " back to normal";
                String side = spec.limits.direction == Direction.HIGH ? " at or above " : " at or below ";
                yield what + side + spec.limits.limitNames[shown] + " limit " + fmt(spec.limits.values[shown]) + unit;
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
                String side = spec.limits.direction == Direction.HIGH ? " at or above " : " at or below ";
                String lim = spec.trend == TrendKind.RISES ? Long.toString((long) spec.limits.values[shown])
                        : fmt(spec.limits.values[shown]) + u;
                yield what + side + spec.limits.limitNames[shown] + " limit " + lim;
            }
        };
    }

    private static String fault(SensorState st, String cause, double value, String unit) {
        Sensor s = st.sensor;
        return switch (cause) {
            case Faults.QUALITY -> "the device reports bad quality";
            case Faults.NAN -> "the device sent no number";
            case Faults.RANGE -> fmt(value) + unit + " outside the instrument range [" + fmt(s.rangeMin()) + ", "
                    + fmt(s.rangeMax()) + "]";
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
