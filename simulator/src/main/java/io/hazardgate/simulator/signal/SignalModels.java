package io.hazardgate.simulator.signal;

import io.hazardgate.config.rules.Conversion;
import io.hazardgate.config.site.Sensor;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * Chooses the normal-operation model of a point from its sensor type, placed inside the point's
 * {@link SafeBand}. Every model's output is clamped to that band, so whatever the seed, a plant in
 * normal mode raises no alarm.
 */
public final class SignalModels {
    private static final long HOUR = 3_600_000L;
    private static final long DAY = DailyWeather.DAY_MILLIS;

    private SignalModels() {}

    /**
     * @param seed         the point's seed (see {@link Seeds#forPoint})
     * @param originMillis plant time at which the run starts; creep and rain count from here
     * @param zone         local time zone of the plant, for the daily temperature cycle
     * @throws IllegalArgumentException naming the sensor when it has no value clear of its limits
     */
    public static SignalModel forSensor(Sensor s, long seed, long originMillis, ZoneId zone) {
        SplittableRandom random = new SplittableRandom(seed);
        DailyWeather weather;
        SafeBand band;
        SignalModel model;
        int decimals;
        switch (s.type()) {
            case COMBUSTIBLE_GAS, TOXIC_GAS -> {
                band = SafeBand.of(s, 0, 100);
                model = new NoisyLevelSignal(band.at(0.02), 0.01 * band.span(), random);
                decimals = 2;
            }
            case OXYGEN -> {
                band = SafeBand.of(s, 0, 25);
                model = new NoisyLevelSignal(band.clamp(20.9), 0.03, random);
                decimals = 2;
            }
            case TANK_LEVEL -> {
                band = SafeBand.of(s, 0, 10);
                model = new TankCycleSignal(band.at(0.1), band.at(0.9), 8 * HOUR, 0.001 * band.span(), random);
                decimals = 3;
            }
            case TEMPERATURE -> {
                band = SafeBand.of(s, -20, 60);
                double amplitude = Math.min(6, band.span() / 6);
                double weatherSd = Math.min(2, band.span() / 20);
                double mean = Math.max(band.lo() + amplitude + 2 * weatherSd, Math.min(20, band.hi() - amplitude - 2 * weatherSd));
                weather = new DailyWeather(random.nextLong(), weatherSd);
                model = new DiurnalSignal(mean, amplitude, 15, zone, weather, 0.05, random);
                decimals = 2;
            }
            case PRESSURE -> {
                band = SafeBand.of(s, 0, 1);
                weather = new DailyWeather(random.nextLong(), 0.03 * band.span());
                model = new DiurnalSignal(band.at(0.55), 0.1 * band.span(), 14, zone, weather, 0.005 * band.span(), random);
                decimals = 3;
            }
            case SURFACE_DISPLACEMENT, INTERNAL_DISPLACEMENT, LANDSLIDE_DISPLACEMENT -> {
                band = SafeBand.of(s, 0, 100);
                model = new CreepSignal(originMillis, band.at(0.25), 0.1 * band.span(), 30, 0.02 * band.span(), random);
                decimals = 2;
            }
            case LEVEL_SWITCH, INTERLOCK, BYPASS, VALVE_POSITION -> {
                // a discrete point holds its normal state: not tripped, not bypassed, the valve where it is expected
                band = SafeBand.of(s, 0, 1);
                double normal = band.contains(0) ? 0 : 1;
                model = t -> normal;
                decimals = 0;
            }
            case FLOW, COMPOSITION -> {
                band = SafeBand.of(s, 0, 100);
                model = slow(band, 0.5, 0.1, 6 * HOUR, 0.01, random);
                decimals = 2;
            }
            case PHREATIC_LINE -> {
                band = SafeBand.of(s, 0, 30);
                model = slow(band, 0.3, 0.03, 5 * DAY, 0.002, random);
                decimals = 3;
            }
            case WATER_LEVEL -> {
                band = SafeBand.of(s, 0, 100);
                model = slow(band, 0.85, 0.005, 7 * DAY, 0.0002, random);
                decimals = 3;
            }
            case DRY_BEACH -> {
                band = SafeBand.of(s, 0, 500);
                model = slow(band, 0.2, 0.01, 3 * DAY, 0.001, random);
                decimals = 2;
            }
            case RAINFALL -> {
                // Increments per period; the band's top bounds their sum over the gateway's window (docs/alarms.md).
                band = SafeBand.of(s, 0, 300);
                model = new RainfallSignal(originMillis, s.period().toMillis(), s.rules().accumulate().toMillis(), band.hi(), random);
                decimals = 1;
            }
            case SEEPAGE -> {
                band = SafeBand.of(s, 0, 10);
                model = slow(band, 0.4, 0.05, 4 * DAY, 0.01, random);
                decimals = 3;
            }
            default -> {
                band = SafeBand.of(s, 0, 100);
                model = slow(band, 0.5, 0.05, DAY, 0.01, random);
                decimals = 3;
            }
        }
        SignalModel shaped = new ShapedSignal(model, band, decimals);
        Conversion c = s.conversion();
        if (c.isIdentity()) return shaped;
        // the model works in the engineering unit; the instrument reports what converts to it
        double resolution = Math.pow(10, decimals + 1);
        return t -> Math.rint((shaped.valueAt(t) - c.offset()) / c.scale() * resolution) / resolution;
    }

    private static SignalModel slow(SafeBand band, double meanAt, double amplitude, long periodMillis, double noise,
                                    SplittableRandom random) {
        DailyWeather drift = new DailyWeather(random.nextLong(), amplitude * band.span() / 2);
        return new SlowVariationSignal(band.at(meanAt), amplitude * band.span(), periodMillis, drift, noise * band.span(), random);
    }
}
