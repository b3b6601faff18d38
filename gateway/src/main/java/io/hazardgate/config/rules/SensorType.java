package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Sensor types and the standard presets they carry. A preset names the limits a sensor of this type
 * may have, with the side and the default level of each and, where a standard fixes it, the default
 * value (docs/alarms.md has the table with the clauses):
 * <ul>
 *   <li>combustible gas: L1 at 25 %LEL, L2 at 50 %LEL, the maxima of GB/T 50493-2019 §5.5.2;</li>
 *   <li>toxic gas: L1 at 100 %OEL, L2 at 200 %OEL (5 % / 10 % of IDLH where no OEL applies), from the
 *       gas's limits in mg/m³ ({@link ToxicGas});</li>
 *   <li>oxygen: under at 19.5 %VOL, over at 23.5 %VOL (§5.5.2);</li>
 *   <li>process values (tank level, temperature, pressure, flow, composition): H/L and HH/LL —
 *       GB 50074-2014 §15.1; a tank's pressure may have vacuum limits (L/LL below zero);</li>
 *   <li>discrete points (level switch, valve position, interlock/ESD/SIS, bypass): a state, 0 or 1;</li>
 *   <li>tailings items, one type per monitoring item of GB 39496-2020 §5.5.2, each counted apart for the
 *       4/3/2 escalation of §5.5.4: blue/yellow/orange/red.</li>
 * </ul>
 * The level of a gas, process or discrete limit is the site's colour policy ({@link ColourPolicy}); the
 * default levels here are that policy's defaults. Tailings colours are GB 39496's and not a policy.
 */
public enum SensorType {
    COMBUSTIBLE_GAS(Family.GAS, "%LEL", 10, limit("L1", Direction.HIGH, 3, 25), limit("L2", Direction.HIGH, 4, 50)),
    /** L1/L2 default to 100 % / 200 % of the gas's OEL (or 5 % / 10 % of its IDLH), converted to the sensor's unit. */
    TOXIC_GAS(Family.GAS, "ppm", 10,
            limit("L1", Direction.HIGH, 3, Double.NaN), limit("L2", Direction.HIGH, 4, Double.NaN)),
    OXYGEN(Family.GAS, "%VOL", 10,
            limit("under", Direction.LOW, 3, 19.5), limit("over", Direction.HIGH, 3, 23.5)),
    TANK_LEVEL(Family.PROCESS, "m", 10, processLimits()),
    TEMPERATURE(Family.PROCESS, "°C", 10, processLimits()),
    /** A tank's pressure: H/HH for overpressure, L/LL for vacuum (negative gauge pressure). */
    PRESSURE(Family.PROCESS, "MPa", 10, processLimits()),
    FLOW(Family.PROCESS, "m³/h", 10, processLimits()),
    /** A stream's composition (purity, a component's fraction, water content). */
    COMPOSITION(Family.PROCESS, "%", 10, processLimits()),

    /** A level switch (HH or LL instrument of GB 50074 §15.1): 1 tripped, 0 normal. The limit is named by {@code trips}. */
    LEVEL_SWITCH(Family.DISCRETE, "", 10),
    /** A valve's position feedback: 1 open, 0 closed. Alarms only when a site says which position is expected. */
    VALVE_POSITION(Family.DISCRETE, "", 10),
    /** An interlock, ESD or SIS function: 1 tripped (it acted), 0 normal. */
    INTERLOCK(Family.DISCRETE, "", 10, limit("tripped", Direction.HIGH, 4, 1)),
    /** A bypass (override) of an interlock or a safety function: 1 bypassed, 0 in service. */
    BYPASS(Family.DISCRETE, "", 10, limit("bypassed", Direction.HIGH, 2, 1)),

    /** Dam surface displacement, by GNSS or total station. */
    SURFACE_DISPLACEMENT(Family.TAILINGS, "mm", 600, colourLimits(Direction.HIGH)),
    /** Dam internal displacement (inclinometers). */
    INTERNAL_DISPLACEMENT(Family.TAILINGS, "mm", 600, colourLimits(Direction.HIGH)),
    /** Displacement of a landslide body in the reservoir area; orange defaults to 0.8 × red. */
    LANDSLIDE_DISPLACEMENT(Family.TAILINGS, "mm", 600, colourLimits(Direction.HIGH)),
    /** Phreatic line burial depth: the shallower, the more dangerous. Orange defaults to 1.1 × red. */
    PHREATIC_LINE(Family.TAILINGS, "m", 600, colourLimits(Direction.LOW)),
    WATER_LEVEL(Family.TAILINGS, "m", 600, colourLimits(Direction.HIGH)),
    /** Safety freeboard (安全超高): beach crest elevation minus the water level. */
    FREEBOARD(Family.TAILINGS, "m", 600, colourLimits(Direction.LOW)),
    /** Dry beach length. */
    DRY_BEACH(Family.TAILINGS, "m", 600, colourLimits(Direction.LOW)),
    /** Dry beach slope: a beach flatter than designed is shorter at flood level. */
    BEACH_SLOPE(Family.TAILINGS, "%", 600, colourLimits(Direction.LOW)),
    RAINFALL(Family.TAILINGS, "mm", 600,
            limit("blue", Direction.HIGH, 1, Double.NaN), limit("yellow", Direction.HIGH, 2, 50),
            limit("orange", Direction.HIGH, 3, Double.NaN), limit("red", Direction.HIGH, 4, Double.NaN)),
    SEEPAGE(Family.TAILINGS, "L/s", 600, colourLimits(Direction.HIGH)),
    PORE_PRESSURE(Family.TAILINGS, "kPa", 600, colourLimits(Direction.HIGH)),
    TURBIDITY(Family.TAILINGS, "NTU", 600, colourLimits(Direction.HIGH)),
    /** No preset: limits are given in full form. */
    GENERIC(Family.OTHER, "", 60);

    /** What kind of point a type is; it decides which settings apply and how its colours are set. */
    public enum Family { GAS, PROCESS, DISCRETE, TAILINGS, OTHER }

    /** A preset limit; {@code value} is NaN when the standard leaves it to the site. */
    public record PresetLimit(String name, Direction direction, int level, double value) {}

    private final Family family;
    private final String defaultUnit;
    private final Duration defaultPeriod;
    private final List<PresetLimit> presetLimits;

    SensorType(Family family, String defaultUnit, int defaultPeriodSeconds, PresetLimit... presetLimits) {
        this.family = family;
        this.defaultUnit = defaultUnit;
        this.defaultPeriod = Duration.ofSeconds(defaultPeriodSeconds);
        this.presetLimits = List.of(presetLimits);
    }

    public String wireName() { return name().toLowerCase(Locale.ROOT); }

    public Family family() { return family; }

    public String defaultUnit() { return defaultUnit; }

    public Duration defaultPeriod() { return defaultPeriod; }

    /** Gas alarms latch until acknowledged unless configured otherwise (GB/T 50493 practice). */
    public boolean latchedByDefault() { return family == Family.GAS; }

    public List<PresetLimit> presetLimits() { return presetLimits; }

    /** Rainfall is judged on its sliding 24 h accumulation (GB 39496: the rainstorm grade is 50 mm in 24 h). */
    public Duration defaultAccumulation() { return this == RAINFALL ? Duration.ofHours(24) : Duration.ZERO; }

    /** Whether this is a tailings-dam monitoring item (GB 39496 §5.5.2). */
    public boolean isTailings() { return family == Family.TAILINGS; }

    /** Whether readings are a state, 0 or 1, rather than a measurement. */
    public boolean isDiscrete() { return family == Family.DISCRETE; }

    /** Whether this is a gas detector type, whose faults must never show as gas alarms. */
    public boolean isGas() { return family == Family.GAS; }

    /** Displacement measured by GNSS or total station: in a warning it must report at least every 30 min (GB 51108 §4.5.4). */
    public boolean isSurveyed() { return this == SURFACE_DISPLACEMENT || this == LANDSLIDE_DISPLACEMENT; }

    /** Displacement types, whose rates are per day (mm/d), as surveyors report them. */
    public boolean isDisplacement() {
        return this == SURFACE_DISPLACEMENT || this == INTERNAL_DISPLACEMENT || this == LANDSLIDE_DISPLACEMENT;
    }

    /** Default window of a trend rule: a day for slow tailings items, an hour for plant process values. */
    public Duration defaultTrendWindow() { return isTailings() ? Duration.ofHours(24) : Duration.ofHours(1); }

    /** Default time unit of a rate: displacement in mm/d; anything else per hour. */
    public Duration defaultRatePer() { return isDisplacement() ? Duration.ofDays(1) : Duration.ofHours(1); }

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

    private static PresetLimit[] processLimits() {
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
