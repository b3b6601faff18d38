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
 * @param alsoFrom data loggers besides {@code device} whose readings of this point are taken (a
 *                 redundant logger); readings of it from any other logger are refused
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
        AlarmRules rules,
        List<String> alsoFrom) {

    /** A sensor only its own data logger reports. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched, AlarmRules rules) {
        this(tag, name, source, device, type, unit, period, rangeMin, rangeMax, limits, latched, rules, List.of());
    }

    /** A sensor with its type's default rules. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched) {
        this(tag, name, source, device, type, unit, period, rangeMin, rangeMax, limits, latched, AlarmRules.defaults(type));
    }

    public List<ThresholdLimit> limits(Direction direction) {
        return limits.stream().filter(l -> l.direction() == direction).toList();
    }

    /**
     * Whether data logger {@code deviceId} may report this point: its own logger and those in
     * {@link #alsoFrom}; any logger when the point names none.
     */
    public boolean reportedBy(String deviceId) {
        return device.isEmpty() || device.equals(deviceId) || alsoFrom.contains(deviceId);
    }

    public boolean hasRange() { return !Double.isNaN(rangeMin) && !Double.isNaN(rangeMax); }
}
