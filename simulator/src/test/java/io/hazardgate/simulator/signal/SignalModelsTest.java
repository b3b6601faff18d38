package io.hazardgate.simulator.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hazardgate.config.rules.Direction;
import io.hazardgate.config.rules.ThresholdLimit;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.testing.Sites;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalModelsTest {
    /** 2024-11-23T00:00:00+08:00: midnight in the plant's zone, so hours of day are easy to read. */
    private static final long ORIGIN = 1_732_291_200_000L;
    private static final ZoneOffset PLANT_ZONE = ZoneOffset.ofHours(8);
    private static final long DAY = 86_400_000L;
    private static final long SEED = 20241123L;

    @TempDir
    Path dir;

    @Test
    void demoPlantStaysInsideRangeAndClearOfEveryLimitForTwoWeeks() {
        assertClearOfLimits(Sites.demo(), 14 * DAY);
    }

    @Test
    void everySensorTypeStaysInsideRangeAndClearOfEveryLimitForTwoWeeks() throws Exception {
        assertClearOfLimits(Sites.fromYaml(dir, Sites.EVERY_TYPE), 14 * DAY);
    }

    @Test
    void sameSeedGivesTheSameValuesAndAnotherSeedOthers() {
        for (Sensor s : Sites.demo().sensors()) {
            if (s.derived()) continue; // computed by the gateway, never played
            double[] a = series(s, SEED, DAY);
            double[] b = series(s, SEED, DAY);
            double[] c = series(s, SEED + 1, DAY);
            assertArrayEquals(a, b, s.tag() + " replays identically");
            // a discrete point holds its normal state whatever the seed
            if (!s.type().isDiscrete()) assertFalse(Arrays.equals(a, c), s.tag() + " differs under another seed");
        }
    }

    @Test
    void tankLevelFillsAndDrainsAcrossMostOfItsWorkingRange() {
        Sensor lt = Sites.demo().sensorsByTag().get("LT-101");
        double[] v = series(lt, SEED, DAY);
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        // Working range between L (2 m) and H (16 m): the cycle covers most of it.
        assertTrue(max - min > 0.6 * (16 - 2), "tank cycles: min " + min + ", max " + max);
    }

    @Test
    void temperaturePeaksInTheAfternoonAndIsCoolestAtNight() {
        Sensor tt = Sites.demo().sensorsByTag().get("TT-101");
        double[] v = series(tt, SEED, DAY); // one sample every 10 s from local midnight
        double afternoon = mean(v, hourIndex(14, tt), hourIndex(16, tt));
        double night = mean(v, hourIndex(2, tt), hourIndex(4, tt));
        assertTrue(afternoon - night > 6, "diurnal swing: afternoon " + afternoon + " vs night " + night);
    }

    @Test
    void combustibleGasStaysNearZero() {
        Sensor gt = Sites.demo().sensorsByTag().get("GT-101");
        double[] v = series(gt, SEED, DAY);
        double mean = mean(v, 0, v.length);
        assertTrue(mean > 0 && mean < 2, "mean %LEL " + mean);
        assertTrue(Arrays.stream(v).allMatch(x -> x >= 0), "never negative");
    }

    @Test
    void damDisplacementCreepsUpward() {
        Sensor gnss = Sites.demo().sensorsByTag().get("GNSS-01");
        double[] v = series(gnss, SEED, 60 * DAY);
        int week = v.length / 60 * 7;
        assertTrue(mean(v, v.length - week, v.length) > mean(v, 0, week) + 0.5, "creep over two months");
    }

    @Test
    void rainGaugeReportsTheRainOfEachPeriodInRainEventsBetweenDrySpells() {
        Sensor rg = Sites.demo().sensorsByTag().get("RG-01");
        double[] v = series(rg, SEED, 30 * DAY); // one reading per 10 minutes
        long wet = Arrays.stream(v).filter(x -> x > 0).count();
        int events = 0;
        for (int i = 0; i < v.length; i++) {
            // an event: rain after at least six dry hours
            boolean dryBefore = i >= 36 && Arrays.stream(v, i - 36, i).allMatch(x -> x == 0);
            if (v[i] > 0 && (i == 0 || dryBefore)) events++;
        }
        assertTrue(events >= 5 && events <= 30, "a rain event every few days: " + events + " in a month");
        assertTrue(wet < 0.3 * v.length, "dry most of the time: " + wet + " wet readings of " + v.length);
        for (double x : v) {
            assertTrue(x >= 0 && x <= 1, "an increment of at most 4 mm/h in 10 minutes, in tips of 0.1 mm: " + x);
            assertEquals(Math.rint(x * 10) / 10, x, 1e-12, "whole tips of 0.1 mm: " + x);
        }
        double month = Arrays.stream(v).sum();
        assertTrue(month > 10 && month < 300, "a month's rain " + month + " mm");
    }

    @Test
    void rainGaugeIncrementsSumToLessThanTheFirstWarningOverAnyDayInTheGatewaysWindow() {
        Sensor rg = Sites.demo().sensorsByTag().get("RG-01");
        for (long seed = 1; seed <= 20; seed++) {
            double max = maxSlidingSum(series(rg, seed, 60 * DAY), (int) (DAY / rg.period().toMillis()));
            // blue 25 mm with its 2 % deadband: the sum never comes within the deadband of it
            assertTrue(max < 24.5, "seed " + seed + ": " + max + " mm in 24 h");
        }
    }

    @Test
    void rainGaugeOfAnotherPeriodReportsTheSameRainInItsOwnSteps() throws Exception {
        Site hourly = Sites.fromYaml(dir, """
                site: h
                hazardSources: [{id: DAM, kind: tailings_dam}]
                devices: [{id: d1}]
                sensors:
                  - {tag: RG, source: DAM, device: d1, type: rainfall, period: 1h, limits: {blue: 10, yellow: 50}}
                """);
        Sensor rg = hourly.sensors().get(0);
        double[] v = series(rg, SEED, 60 * DAY);
        assertTrue(Arrays.stream(v).sum() > 10, "it rains in two months");
        assertTrue(maxSlidingSum(v, 24) < 10 - 0.2, "hourly increments stay clear of blue 10 mm over any 24 h: " + maxSlidingSum(v, 24));
    }

    @Test
    void phreaticLineAndWaterLevelVarySlowly() {
        for (String tag : List.of("PZ-01", "WL-01", "DB-01")) {
            Sensor s = Sites.demo().sensorsByTag().get(tag);
            double[] v = series(s, SEED, 7 * DAY);
            double span = Arrays.stream(v).max().orElseThrow() - Arrays.stream(v).min().orElseThrow();
            double maxStep = 0;
            for (int i = 1; i < v.length; i++) maxStep = Math.max(maxStep, Math.abs(v[i] - v[i - 1]));
            assertTrue(span > 0, tag + " varies");
            assertTrue(maxStep < span / 4, tag + " changes gradually: step " + maxStep + " of span " + span);
        }
    }

    @Test
    void refusesASensorWithNoValueClearOfItsLimits() throws Exception {
        Site site = Sites.fromYaml(dir, """
                site: cramped
                hazardSources: [{id: HS}]
                devices: [{id: d1}]
                sensors:
                  - {tag: LT-9, source: HS, device: d1, type: tank_level, range: [0, 2], limits: {L: 0.9, H: 1.0}}
                """);
        Sensor s = site.sensors().get(0);
        try {
            SignalModels.forSensor(s, 1, ORIGIN, PLANT_ZONE);
            fail("expected a refusal");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("LT-9"), e.getMessage());
        }
    }

    private static void assertClearOfLimits(Site site, long span) {
        List<String> problems = new ArrayList<>();
        for (Sensor s : site.sensors()) {
            // a derived point (the freeboard) is never played: it is judged on what its source plays
            double[] v = s.derived() ? series(site.sensorsByTag().get(s.conversion().from()), SEED, span) : series(s, SEED, span);
            // an accumulating sensor (rainfall) is judged on the sum of its increments over the window; a
            // converted one (a baseline, a piezometer's head) on the engineering value made from what it sends
            double[] judged = s.rules().accumulate().isZero() ? Arrays.stream(v).map(x -> s.conversion().apply(x)).toArray()
                    : slidingSums(v, (int) (s.rules().accumulate().toMillis() / s.period().toMillis()));
            for (int i = 0; i < v.length; i++) {
                String p = problem(s, v[i], judged[i]);
                if (p != null) {
                    problems.add(s.tag() + " sample " + i + ": " + p);
                    break;
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static String problem(Sensor s, double v, double judged) {
        if (!Double.isFinite(v)) return "not finite";
        if (s.type().isDiscrete() && v != 0 && v != 1) return v + " is not a state (0 or 1)";
        if (s.derived()) v = Double.NaN; // its range is its source's
        if (!Double.isNaN(s.rangeMin()) && v < s.rangeMin()) return v + " below range " + s.rangeMin();
        if (!Double.isNaN(s.rangeMax()) && v > s.rangeMax()) return v + " above range " + s.rangeMax();
        for (ThresholdLimit l : s.limits()) {
            // Clear of the limit and of its deadband, so not even a latched or hysteretic alarm can start.
            boolean clear = l.direction() == Direction.HIGH ? judged < l.value() - l.deadband() : judged > l.value() + l.deadband();
            if (!clear) return judged + " reaches " + l.name() + " " + l.value() + " (deadband " + l.deadband() + ")";
        }
        return null;
    }

    /** What the gateway judges for an accumulating sensor: the sum of the last {@code n} increments, at each reading. */
    private static double[] slidingSums(double[] v, int n) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            double sum = 0;
            for (int j = Math.max(0, i - n + 1); j <= i; j++) sum += v[j];
            out[i] = sum;
        }
        return out;
    }

    private static double maxSlidingSum(double[] v, int n) {
        return Arrays.stream(slidingSums(v, n)).max().orElseThrow();
    }

    private static double[] series(Sensor s, long seed, long span) {
        SignalModel m = SignalModels.forSensor(s, Seeds.forPoint(seed, "test", s.tag()), ORIGIN, PLANT_ZONE);
        long period = s.period().toMillis();
        int n = (int) (span / period);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = m.valueAt(ORIGIN + i * period);
        return v;
    }

    private static int hourIndex(int hour, Sensor s) {
        return (int) (hour * 3_600_000L / s.period().toMillis());
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += v[i];
        return sum / (to - from);
    }
}
