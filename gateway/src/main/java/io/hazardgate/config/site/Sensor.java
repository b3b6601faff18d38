package io.hazardgate.config.site;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.ThresholdLimit;
import java.time.Duration;
import java.util.List;

/**
 * A monitoring point (位号) of a site, with its resolved alarm limits and rules.
 *
 * @param period   the point's own acquisition period; "no data" is judged against it
 * @param rangeMin lower end of the instrument range, NaN when not configured
 * @param rangeMax upper end of the instrument range, NaN when not configured
 * @param limits   resolved limits, preset values and site overrides merged, sorted by side then level
 * @param latched  whether its alarms stay active until acknowledged even after the value returns
 * @param rules    delays, trends, no-data, faults, flapping, escalation and accumulation
 */
public record Sensor(
        String tag,
        String name,
        String source,
        String device,
        SensorType type,
        String unit,
        Duration period,
        double rangeMin,
        double rangeMax,
        List<ThresholdLimit> limits,
        boolean latched,
        AlarmRules rules) {

    /** A sensor with its type's default rules. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched) {
        this(tag, name, source, device, type, unit, period, rangeMin, rangeMax, limits, latched, AlarmRules.defaults(type));
    }

    public List<ThresholdLimit> limits(Direction direction) {
        return limits.stream().filter(l -> l.direction() == direction).toList();
    }

    public boolean hasRange() { return !Double.isNaN(rangeMin) && !Double.isNaN(rangeMax); }
}
