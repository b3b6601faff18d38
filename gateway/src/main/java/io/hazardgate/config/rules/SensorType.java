package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sensor types and the standard presets they carry. A preset names the limits a sensor of this type
 * may have, with the side and the level of each and, where a standard fixes it, the default value:
 * <ul>
 *   <li>combustible gas: L1 at 25 %LEL (orange), L2 at 50 %LEL (red) — GB/T 50493-2019 §5.5</li>
 *   <li>toxic gas: L1 at 100 %OEL (orange), L2 at 200 %OEL (red), from the sensor's {@code oel}</li>
 *   <li>oxygen: under at 19.5 %VOL, over at 23.5 %VOL (orange)</li>
 *   <li>tank level, temperature, pressure: H/L yellow, HH/LL red — GB 50074-2014 §15.1</li>
 *   <li>tailings items: blue/yellow/orange/red — GB 39496-2020 §5.5; phreatic-line orange defaults to
 *       1.1 × red; rainfall yellow defaults to the rainstorm grade, 50 mm in 24 h, judged on the
 *       sliding 24 h sum of the gauge's increments</li>
 * </ul>
 * Trend rules of tailings types default to a 24 h window; displacement rates are per day (mm/d), all
 * other rates per hour.
 */
public enum SensorType {
    COMBUSTIBLE_GAS("%LEL", 10, true,
            limit("L1", Direction.HIGH, 3, 25), limit("L2", Direction.HIGH, 4, 50)),
    /** Values of L1/L2 default to 1 × and 2 × the sensor's {@code oel}. */
    TOXIC_GAS("ppm", 10, true,
            limit("L1", Direction.HIGH, 3, Double.NaN), limit("L2", Direction.HIGH, 4, Double.NaN)),
    OXYGEN("%VOL", 10, true,
            limit("under", Direction.LOW, 3, 19.5), limit("over", Direction.HIGH, 3, 23.5)),
    TANK_LEVEL("m", 10, false, tankLimits()),
    TEMPERATURE("°C", 10, false, tankLimits()),
    PRESSURE("MPa", 10, false, tankLimits()),
    DISPLACEMENT("mm", 600, false, colourLimits(Direction.HIGH)),
    /** Phreatic line burial depth: the shallower, the more dangerous. Orange defaults to 1.1 × red. */
    PHREATIC_LINE("m", 600, false, colourLimits(Direction.LOW)),
    WATER_LEVEL("m", 600, false, colourLimits(Direction.HIGH)),
    DRY_BEACH("m", 600, false, colourLimits(Direction.LOW)),
    RAINFALL("mm", 600, false,
            limit("blue", Direction.HIGH, 1, Double.NaN), limit("yellow", Direction.HIGH, 2, 50),
            limit("orange", Direction.HIGH, 3, Double.NaN), limit("red", Direction.HIGH, 4, Double.NaN)),
    SEEPAGE("L/s", 600, false, colourLimits(Direction.HIGH)),
    /** No preset: limits are given in full form. */
    GENERIC("", 60, false);

    /** A preset limit; {@code value} is NaN when the standard leaves it to the site. */
    public record PresetLimit(String name, Direction direction, int level, double value) {}

    private final String defaultUnit;
    private final Duration defaultPeriod;
    private final boolean latchedByDefault;
    private final List<PresetLimit> presetLimits;

    SensorType(String defaultUnit, int defaultPeriodSeconds, boolean latchedByDefault, PresetLimit... presetLimits) {
        this.defaultUnit = defaultUnit;
        this.defaultPeriod = Duration.ofSeconds(defaultPeriodSeconds);
        this.latchedByDefault = latchedByDefault;
        this.presetLimits = List.of(presetLimits);
    }

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    public String defaultUnit() { return defaultUnit; }

    public Duration defaultPeriod() { return defaultPeriod; }

    /** Gas alarms latch until acknowledged unless configured otherwise (GB/T 50493 practice). */
    public boolean latchedByDefault() { return latchedByDefault; }

    public List<PresetLimit> presetLimits() { return presetLimits; }

    /** Rainfall is judged on its sliding 24 h accumulation (GB 39496: the rainstorm grade is 50 mm in 24 h). */
    public Duration defaultAccumulation() { return this == RAINFALL ? Duration.ofHours(24) : Duration.ZERO; }

    /** Whether this is a tailings-dam monitoring item (GB 39496 §5.5). */
    public boolean isTailings() {
        return switch (this) {
            case DISPLACEMENT, PHREATIC_LINE, WATER_LEVEL, DRY_BEACH, RAINFALL, SEEPAGE -> true;
            default -> false;
        };
    }

    /** Default window of a trend rule: a day for slow tailings items, an hour for plant process values. */
    public Duration defaultTrendWindow() { return isTailings() ? Duration.ofHours(24) : Duration.ofHours(1); }

    /** Default time unit of a rate: displacement in mm/d, as surveyors report it; anything else per hour. */
    public Duration defaultRatePer() { return this == DISPLACEMENT ? Duration.ofDays(1) : Duration.ofHours(1); }

    /** Whether this is a gas detector type, whose faults must never show as gas alarms. */
    public boolean isGas() { return this == COMBUSTIBLE_GAS || this == TOXIC_GAS || this == OXYGEN; }

    public PresetLimit presetLimit(String name) {
        for (PresetLimit p : presetLimits) {
            if (p.name().equals(name)) return p;
        }
        return null;
    }

    public static SensorType fromWireName(String s) {
        for (SensorType t : values()) {
            if (t.wireName().equals(s)) return t;
        }
        return null;
    }

    private static PresetLimit limit(String name, Direction d, int level, double value) {
        return new PresetLimit(name, d, level, value);
    }

    private static PresetLimit[] tankLimits() {
        return new PresetLimit[] {
            limit("H", Direction.HIGH, 2, Double.NaN), limit("HH", Direction.HIGH, 4, Double.NaN),
            limit("L", Direction.LOW, 2, Double.NaN), limit("LL", Direction.LOW, 4, Double.NaN)};
    }

    private static PresetLimit[] colourLimits(Direction d) {
        return new PresetLimit[] {
            limit("blue", d, 1, Double.NaN), limit("yellow", d, 2, Double.NaN),
            limit("orange", d, 3, Double.NaN), limit("red", d, 4, Double.NaN)};
    }
}
