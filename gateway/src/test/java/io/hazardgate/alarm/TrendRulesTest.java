package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rate, acceleration, consecutive rises and the improved tangent angle, with irregular sampling. */
class TrendRulesTest {
    static final long MINUTE = 60_000L;
    static final long DAY = 24 * 60 * MINUTE;

    static Harness gnss(String trends) {
        return Harness.sensors("{tag: G, source: A, device: d1, type: surface_displacement, period: 10m, noData: off, trends: " + trends + "}");
    }

    /** Feeds displacement x(t) at irregular intervals (5 to 60 min) for {@code days}, t in days from the start. */
    static void irregular(Harness h, double days, java.util.function.DoubleUnaryOperator x) {
        SplittableRandom r = new SplittableRandom(42);
        long start = h.clock.millis();
        while (h.clock.millis() - start < days * DAY) {
            h.clock.advance((5 + r.nextInt(56)) * MINUTE);
            h.feed("G", x.applyAsDouble((h.clock.millis() - start) / (double) DAY), h.clock.millis(), Quality.GOOD);
        }
    }

    @ParameterizedTest(name = "{0} mm/d -> {1}")
    @CsvSource(delimiter = '|', value = {"3 | ''", "6 | yellow", "12 | orange", "25 | red"})
    void rateIsTheLeastSquaresSlopeOverTimeNotOverSamples(double mmPerDay, String expected) {
        Harness h = gnss("{rate: {window: 24h, limits: {yellow: 5, orange: 10, red: 20}}}");
        irregular(h, 2, t -> 100 + mmPerDay * t);
        AlarmEvent e = h.lastOf("rate");
        assertEquals(expected, e == null ? "" : e.limitName());
        if (e != null) {
            assertEquals("mm/d", e.unit());
            assertEquals(AlarmKind.TREND, e.kind());
        }
    }

    @Test
    void aBurstOfSamplesDoesNotTiltTheSlope() {
        Harness h = gnss("{rate: {window: 24h, limits: {yellow: 5}}}");
        // two samples a day apart, with 200 samples crowded into one hour in between, on a 4 mm/d line
        long t0 = h.clock.millis();
        h.feed("G", 100, t0, Quality.GOOD);
        for (int i = 1; i <= 200; i++) {
            long ts = t0 + 12 * 60 * MINUTE + i * 18_000L;
            h.clock.set(ts); // each arrives as it is taken: a reading from the future is never judged
            h.feed("G", 100 + 4.0 * (12 * 60 + i * 0.3) / (24 * 60), ts, Quality.GOOD);
        }
        h.clock.set(t0 + DAY - MINUTE);
        h.feed("G", 100 + 4.0 * (DAY - MINUTE) / DAY, h.clock.millis(), Quality.GOOD);
        assertTrue(h.events.isEmpty(), "4 mm/d stays below 5 mm/d however the samples are spread");
        h.clock.advance(MINUTE);
        h.feed("G", 140, h.clock.millis(), Quality.GOOD); // a real jump does raise
        assertEquals("yellow", h.last().limitName());
    }

    @Test
    void tooFewOrTooCloseSamplesSayNothing() {
        Harness h = gnss("{rate: {window: 24h, limits: {yellow: 5}}}");
        for (int i = 0; i < 30; i++) h.after(MINUTE, "G", 100 + i); // 1 mm/min for half an hour: spread far under half a day
        assertTrue(h.events.isEmpty());
    }

    @Test
    void accelerationIsTheChangeOfSlopeBetweenConsecutiveWindows() {
        Harness h = gnss("{acceleration: {window: 24h, limits: {orange: 3}}, rate: {window: 24h, limits: {red: 1000}}}");
        irregular(h, 3, t -> 0.5 * 4 * t * t); // 4 mm/d²
        AlarmEvent e = h.lastOf("acceleration");
        assertEquals("orange", e.limitName());
        assertEquals("mm/d²", e.unit());
        assertEquals(4.0, e.value(), 0.6);
        Harness steady = gnss("{acceleration: {window: 24h, limits: {orange: 3}}}");
        irregular(steady, 3, t -> 8 * t);
        assertTrue(steady.events.isEmpty(), "a steady rate has no acceleration");
    }

    @ParameterizedTest(name = "{0} x steady rate -> {1}")
    @CsvSource(delimiter = '|', value = {"0.5 | ''", "2 | yellow", "7 | orange", "15 | red"})
    void tangentAngleStagesFollowTheNormalisedCurve(double timesSteady, String expected) {
        // steady stage 0.5 mm/d: atan(2) = 63° (accelerating), atan(7) = 82° (medium), atan(15) = 86° (imminent)
        Harness h = gnss("{tangent_angle: {window: 24h, steadyRate: 0.5}}");
        irregular(h, 2, t -> 50 + 0.5 * timesSteady * t);
        AlarmEvent e = h.lastOf("tangent_angle");
        assertEquals(expected, e == null ? "" : e.limitName());
        if (e != null) {
            assertEquals("°", e.unit());
            assertEquals(Math.toDegrees(Math.atan(timesSteady)), e.value(), 0.5);
        }
    }

    @Test
    void consecutiveRisesCountReadingsAndOneNonRiseClears() {
        Harness h = Harness.sensors("{tag: SP, source: A, device: d1, type: seepage, noData: off, trends: {rises: {limits: {yellow: 5}}}}");
        for (double v : new double[] {1, 2, 3, 4, 5}) h.feed("SP", v);
        assertTrue(h.events.isEmpty());
        h.feed("SP", 6);
        assertEquals("yellow", h.last().limitName());
        assertEquals(5.0, h.last().value());
        assertEquals("SP SP: 5 consecutive rises at or above yellow limit 5", h.last().message());
        h.feed("SP", 6);
        assertEquals(List.of(AlarmState.RAISED, AlarmState.CLEARED), h.states("rises"));
    }

    @Test
    void lateReadingsFillTheWindowButAreNeverEvaluated() {
        Harness h = gnss("{rate: {window: 24h, limits: {yellow: 5}}}");
        long t0 = h.clock.millis();
        h.feed("G", 100, t0, Quality.GOOD);
        h.clock.set(t0 + DAY);
        h.feed("G", 100, t0 + DAY, Quality.GOOD);
        // a logger uploads readings of the past day late: they show a steep rise in its second half
        for (int i = 1; i < 24; i++) h.feed("G", i < 12 ? 100 : 100 + (i - 11) * 2.0, t0 + i * 3_600_000L, Quality.GOOD);
        assertTrue(h.events.isEmpty(), "late readings raise nothing");
        assertEquals(23, h.evaluator.late());
        h.clock.advance(MINUTE);
        h.feed("G", 126, h.clock.millis(), Quality.GOOD);
        assertEquals("yellow", h.last().limitName(), "the next live reading is judged with the completed window");
    }
}
