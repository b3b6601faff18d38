package io.hazardgate.alarm.state;

import io.hazardgate.alarm.rules.RuleSpec;

/**
 * The quantities trend rules judge, derived from a sensor's windows (docs/alarms.md, "Trend rules"):
 * <ul>
 *   <li>rate: least-squares slope over the window, in units per {@code per};</li>
 *   <li>acceleration: (slope over the latest window − slope over the window before) / (time between
 *       the two windows' mean sample times), in units per {@code per}²;</li>
 *   <li>tangent angle: arctan(v / v₀) in degrees, where v is the rate and v₀ the configured rate of the
 *       steady (constant-velocity) stage. This is the improved tangent angle of Xu Qiang et al. (2009):
 *       dividing displacement by v₀ gives the curve a time dimension on both axes, so 45° is steady
 *       creep, more is acceleration, whatever the units;</li>
 *   <li>rises: the number of consecutive readings each above the one before.</li>
 * </ul>
 * NaN means "not enough data to say", and the alarm keeps its state.
 */
public final class Trends {
    private Trends() {}

    /** Adds a live or in-order reading to every window and the rise count. */
    public static void feed(SensorState st, long ts, double v) {
        for (TrendWindow w : st.distinctWindows) w.add(ts, v);
        if (st.countsRises) {
            st.rises = v > st.risePrev ? st.rises + 1 : 0;
            st.risePrev = v;
        }
    }

    public static double derive(SensorState st, int r) {
        RuleSpec spec = st.rules[r];
        TrendWindow w = st.windows[r];
        return switch (spec.trend) {
            case RISES -> st.rises;
            case RATE -> w.slope(spec.minSamples) * spec.perSeconds;
            case ACCELERATION -> w.acceleration(spec.minSamples) * spec.perSeconds * spec.perSeconds;
            case TANGENT_ANGLE -> Math.toDegrees(Math.atan(w.slope(spec.minSamples) * spec.perSeconds / spec.steadyRate));
        };
    }
}
