package io.hazardgate.simulator.signal;

import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Sensor;

/**
 * The values a point may take in normal operation: inside its instrument range and clear of every alarm
 * limit by that limit's deadband plus a margin of 5 % of the limit's magnitude (at least 0.5 % of the
 * band's span), so that noise never raises an alarm and a demo stays calm until an incident is injected.
 *
 * @param lo lowest normal value
 * @param hi highest normal value
 */
public record SafeBand(double lo, double hi) {
    static final double LIMIT_MARGIN = 0.05;
    static final double SPAN_MARGIN = 0.005;

    public SafeBand {
        if (!(lo < hi)) throw new IllegalArgumentException("empty band [" + lo + ", " + hi + "]");
    }

    /**
     * @param naturalLo lower end used when the sensor has no configured range
     * @param naturalHi upper end used when the sensor has no configured range
     * @throws IllegalArgumentException naming the sensor when no value is clear of its limits
     */
    public static SafeBand of(Sensor s, double naturalLo, double naturalHi) {
        double lo = Double.isNaN(s.rangeMin()) ? naturalLo : s.rangeMin();
        double hi = Double.isNaN(s.rangeMax()) ? naturalHi : s.rangeMax();
        if (s.hasRange() && !s.conversion().isIdentity()) {
            // the range is the instrument's; limits judge the engineering value made from it
            double a = s.conversion().apply(s.rangeMin());
            double b = s.conversion().apply(s.rangeMax());
            lo = Math.min(a, b);
            hi = Math.max(a, b);
        }
        double span = hi - lo;
        for (ThresholdLimit l : s.limits()) {
            double clearance = l.deadband() + Math.max(LIMIT_MARGIN * Math.abs(l.value()), SPAN_MARGIN * Math.abs(span));
            if (l.direction() == Direction.HIGH) hi = Math.min(hi, l.value() - clearance);
            else lo = Math.max(lo, l.value() + clearance);
        }
        if (!(lo < hi)) {
            throw new IllegalArgumentException("sensor " + s.tag() + ": no normal value lies inside its range and clear of its limits"
                    + " (normal band would be [" + lo + ", " + hi + "])");
        }
        return new SafeBand(lo, hi);
    }

    public double span() {
        return hi - lo;
    }

    /** The value at {@code fraction} of the way from {@link #lo} to {@link #hi}. */
    public double at(double fraction) {
        return lo + fraction * span();
    }

    public double clamp(double v) {
        return Math.max(lo, Math.min(hi, v));
    }

    public boolean contains(double v) {
        return v >= lo && v <= hi;
    }
}
