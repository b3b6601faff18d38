package io.hazardgate.alarm;

import io.hazardgate.config.Direction;
import io.hazardgate.config.Sensor;

/** The human-readable {@code message} of alarm events. */
final class AlarmText {
    private AlarmText() {}

    static String threshold(Sensor s, ThresholdRule rule, int limitIndex, AlarmState state, double value) {
        String unit = s.unit().isEmpty() ? "" : " " + s.unit();
        String head = s.tag() + " " + s.name() + ": " + fmt(value) + unit;
        if (state == AlarmState.CLEARED) {
            return head + " back to normal";
        }
        String side = rule.direction == Direction.HIGH ? " at or above " : " at or below ";
        return head + side + rule.limitNames[limitIndex] + " limit " + fmt(rule.values[limitIndex]) + unit;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
