package io.hazardgate.config.site;

import io.hazardgate.config.rules.AlarmRules;
import io.hazardgate.config.rules.Conversion;
import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.rules.StandardOverride;
import io.hazardgate.config.rules.ThresholdLimit;
import java.time.Duration;
import java.util.List;

/**
 * A monitoring point (位号) of a site, with its resolved alarm limits and rules.
 *
 * @param unit          the unit of the engineering value the rules judge (after {@code conversion})
 * @param period        the point's own acquisition period; "no data" is judged against it
 * @param warningPeriod the period the point keeps while one of its warnings is active (a GNSS point in a
 *                      warning zone: 30 min, GB 51108 §4.5.4), against which no-data is judged then;
 *                      {@link Duration#ZERO} when it keeps its normal period
 * @param rangeMin      lower end of the instrument range (in the instrument's unit), NaN when not configured
 * @param rangeMax      upper end of the instrument range, NaN when not configured
 * @param limits        resolved limits, preset values and site overrides merged, sorted by side then level
 * @param latched       whether its alarms stay active until acknowledged even after the value returns
 * @param rules         delays, trends, no-data, faults, flapping, escalation and accumulation
 * @param conversion    how the engineering value is got from the instrument's (or another point's) readings
 * @param override      the documented permission for set-points above the standard; null when none
 * @param names         the point's name in Chinese and English; {@code name} is both in one line
 * @param alsoFrom      data loggers besides {@code device} whose readings of this point are taken (a
 *                      redundant logger); readings of it from any other logger are refused
 */
public record Sensor(
        String tag,
        String name,
        String source,
        String device,
        SensorType type,
        String unit,
        Duration period,
        Duration warningPeriod,
        double rangeMin,
        double rangeMax,
        List<ThresholdLimit> limits,
        boolean latched,
        AlarmRules rules,
        Conversion conversion,
        StandardOverride override,
        Names names,
        List<String> alsoFrom) {

    /** A sensor only its own data logger reports, its name split into its languages by {@link Names#of}. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  Duration warningPeriod, double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched,
                  AlarmRules rules, Conversion conversion, StandardOverride override) {
        this(tag, name, source, device, type, unit, period, warningPeriod, rangeMin, rangeMax, limits, latched, rules,
                conversion, override, Names.of(name), List.of());
    }

    /** A sensor whose name is split into its languages by {@link Names#of}. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  Duration warningPeriod, double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched,
                  AlarmRules rules, Conversion conversion, StandardOverride override, List<String> alsoFrom) {
        this(tag, name, source, device, type, unit, period, warningPeriod, rangeMin, rangeMax, limits, latched, rules,
                conversion, override, Names.of(name), alsoFrom);
    }

    /** A sensor with its type's default rules, reporting its own value. */
    public Sensor(String tag, String name, String source, String device, SensorType type, String unit, Duration period,
                  double rangeMin, double rangeMax, List<ThresholdLimit> limits, boolean latched) {
        this(tag, name, source, device, type, unit, period, Duration.ZERO, rangeMin, rangeMax, limits, latched,
                AlarmRules.defaults(type), Conversion.NONE, null, Names.of(name), List.of());
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

    /** Whether this point is computed from another point's readings rather than reported by a device. */
    public boolean derived() { return conversion.derived(); }

    /** The same point with other rules (what links points to each other is resolved after each is read). */
    public Sensor withRules(AlarmRules r) {
        return new Sensor(tag, name, source, device, type, unit, period, warningPeriod, rangeMin, rangeMax, limits, latched, r,
                conversion, override, names, alsoFrom);
    }

    /** The same point with another acquisition period (a derived point takes its source's). */
    public Sensor withPeriod(Duration p) {
        return new Sensor(tag, name, source, device, type, unit, p, warningPeriod, rangeMin, rangeMax, limits, latched, rules,
                conversion, override, names, alsoFrom);
    }
}
