package io.hazardgate.uplink.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.rules.SensorType;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The regulators' figures from readings and alarms, with time given explicitly (no clock, no sleeping). */
class StatisticsStateTest {
    private static final ZoneId CST = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2024, 5, 1);
    private static final long MIDNIGHT = DAY.atStartOfDay(CST).toInstant().toEpochMilli();
    private static final long H = 3_600_000L;

    private static Sensor sensor(String tag, String source, String device, Duration period) {
        return new Sensor(tag, tag, source, device, SensorType.TEMPERATURE, "°C", period, Double.NaN, Double.NaN,
                List.of(), false);
    }

    /** TF1: two gas-like points at 10 s on dtu-1; TD1: one dam point at 10 min on dtu-2. No-data windows: 1 min, 30 min. */
    private static final Site SITE = new Site("plant", "Plant",
            List.of(new HazardSource("TF1", "Tank farm", HazardSourceKind.MAJOR_HAZARD, 2, ResponsiblePersons.NONE),
                    new HazardSource("TD1", "Dam", HazardSourceKind.TAILINGS_DAM, 3, ResponsiblePersons.NONE)),
            List.of(new Device("dtu-1", ""), new Device("dtu-2", "")),
            List.of(sensor("P1", "TF1", "dtu-1", Duration.ofSeconds(10)), sensor("P2", "TF1", "dtu-1", Duration.ofSeconds(10)),
                    sensor("P3", "TD1", "dtu-2", Duration.ofMinutes(10))));

    private final StatisticsState state = new StatisticsState(List.of(SITE), CST);

    /** P1 reports every 10 s from {@code from} to {@code to}, each reading received as it is taken. */
    private void p1Reports(long from, long to) {
        for (long t = from; t < to; t += 10_000) {
            state.deviceHeard("plant", "dtu-1", t);
            state.reading("plant", "P1", t, t);
        }
    }

    @Test
    void onlineRateIsTheShareOfTheDaySoFarThePointsWereHeardWithinTheirNoDataWindow() {
        p1Reports(MIDNIGHT, MIDNIGHT + 6 * H);
        long now = MIDNIGHT + 12 * H;
        SiteFigures f = state.figures("plant", DAY, now);

        Figures tf1 = f.sources().get("TF1");
        assertEquals(2, tf1.pointsTotal());
        // P1 online from 00:00 until one no-data window (1 min) after its last reading at 05:59:50; P2 never.
        double p1Online = 6 * H - 10_000 + 60_000;
        assertEquals(p1Online / (2 * 12 * H), tf1.pointOnlineRate(), 1e-4);
        assertEquals(0, tf1.pointsOnline(), "nobody is live at noon");
        assertEquals(0, f.sources().get("TD1").pointOnlineRate());
        assertEquals(3, f.total().pointsTotal());
        assertEquals(p1Online / (3 * 12 * H), f.total().pointOnlineRate(), 1e-4);
        // dtu-1 online as P1 (its window is its points' longest, 1 min); dtu-2 never.
        assertEquals(2, f.total().devicesTotal());
        assertEquals(p1Online / (2 * 12 * H), f.total().deviceOnlineRate(), 1e-4);
    }

    @Test
    void onlineTimeNotYetElapsedDoesNotCountAndALivePointIsOnline() {
        p1Reports(MIDNIGHT, MIDNIGHT + H);
        long now = MIDNIGHT + H - 5_000; // the last reading came 5 s ago and keeps P1 online for a minute more
        Figures tf1 = state.figures("plant", DAY, now).sources().get("TF1");
        assertEquals(1, tf1.pointsOnline());
        assertEquals(1.0 / 2, tf1.pointOnlineRate(), 1e-4, "online all the day so far, one of two points");
    }

    @Test
    void completenessCountsEachPointUpToItsPeriodAndLateReadingsForTheirOwnDay() {
        p1Reports(MIDNIGHT, MIDNIGHT + 12 * H);
        // P2 sends far too often for an hour: ten readings a second do not make up for P1's silence elsewhere.
        for (long t = MIDNIGHT; t < MIDNIGHT + H; t += 100) state.reading("plant", "P2", t, t);
        long now = MIDNIGHT + 12 * H;
        Figures tf1 = state.figures("plant", DAY, now).sources().get("TF1");
        assertEquals(2 * 4320, tf1.expected(), "12 h at 10 s, two points");
        assertEquals(4320 + 4320, tf1.received(), "P2 counts at most the 4320 its period asks for");
        assertEquals(1.0, tf1.completeness(), 1e-9);

        // The dam logger uploads yesterday's buffered readings this morning: they count for yesterday.
        LocalDate yesterday = DAY.minusDays(1);
        long yMidnight = MIDNIGHT - 24 * H;
        for (long t = yMidnight; t < yMidnight + 12 * H; t += 600_000) state.reading("plant", "P3", t, MIDNIGHT + 2 * H);
        Figures td1Yesterday = state.figures("plant", yesterday, now).sources().get("TD1");
        assertEquals(144, td1Yesterday.expected());
        assertEquals(72, td1Yesterday.received());
        assertEquals(0.5, td1Yesterday.completeness(), 1e-9);
        assertEquals(0, td1Yesterday.pointOnlineRate(), "it was not online yesterday: it was heard only today");
        assertEquals(1, td1Yesterday.pointsOnline(), "for a past day: points heard from that day");
        assertEquals(30.0 * 60_000 / (12 * H), state.figures("plant", DAY, now).sources().get("TD1").pointOnlineRate(), 1e-4,
                "the upload kept P3 online for one no-data window (30 min) today");
    }

    @Test
    void alarmsAreCountedByColourPerDayAndFaultsApart() {
        long t = MIDNIGHT + H;
        state.alarm(event("a", AlarmKind.THRESHOLD, 4, AlarmState.RAISED, t));
        state.alarm(event("b", AlarmKind.THRESHOLD, 1, AlarmState.RAISED, t));
        state.alarm(event("b", AlarmKind.THRESHOLD, 3, AlarmState.ESCALATED, t + 1));
        state.alarm(event("b", AlarmKind.THRESHOLD, 3, AlarmState.ACKNOWLEDGED, t + 2));
        state.alarm(event("b", AlarmKind.THRESHOLD, 0, AlarmState.CLEARED, t + 3));
        state.alarm(event("c", AlarmKind.FAULT, 0, AlarmState.RAISED, t));
        state.alarm(event("d", AlarmKind.NO_DATA, 0, AlarmState.RAISED, t));
        state.alarm(event("e", AlarmKind.TREND, 2, AlarmState.RAISED, MIDNIGHT - 1)); // yesterday, 23:59:59.999

        Figures.AlarmCounts today = state.figures("plant", DAY, MIDNIGHT + 2 * H).sources().get("TF1").alarms();
        assertEquals(new Figures.AlarmCounts(1, 1, 0, 1, 1, 1), today);
        assertEquals(5, today.total());
        assertEquals(1, state.figures("plant", DAY.minusDays(1), MIDNIGHT + 2 * H).total().alarms().yellow());
    }

    @Test
    void figuresSurviveSavingAndFoldingOldDays() {
        p1Reports(MIDNIGHT, MIDNIGHT + 2 * H);
        state.alarm(event("a", AlarmKind.THRESHOLD, 4, AlarmState.RAISED, MIDNIGHT + H));
        long now = MIDNIGHT + 3 * H;
        SiteFigures before = state.figures("plant", DAY, now);

        StatisticsState back = new StatisticsState(List.of(SITE), CST);
        back.fromJson(state.toJson());
        assertEquals(before, back.figures("plant", DAY, now));

        // Five days later the per-point counts of that day are folded into the source's day: same figures.
        long later = now + 5 * 24 * H;
        back.roll(later);
        assertEquals(before.sources().get("TF1").received(), back.figures("plant", DAY, later).sources().get("TF1").received());
        assertEquals(before.total().alarms(), back.figures("plant", DAY, later).total().alarms());
        // and forty days later it is forgotten
        back.roll(now + 40 * 24 * H);
        assertEquals(0, back.figures("plant", DAY, now + 40 * 24 * H).total().received());
    }

    private static AlarmEvent event(String id, AlarmKind kind, int level, AlarmState state, long ts) {
        return new AlarmEvent(id, 1, "plant", "TF1", "P1", "high", "H", kind, level, state, 1, 1, "°C", ts, ts, "");
    }
}
