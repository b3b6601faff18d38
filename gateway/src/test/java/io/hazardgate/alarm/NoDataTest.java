package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmKind;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** No data is judged per point against its own period; it is never a hazard colour. */
class NoDataTest {
    static final String GAS = "{tag: GT, source: A, device: d1, type: combustible_gas}";            // 10 s: window max(30 s, 1 min)
    static final String DAM = "{tag: PZ, source: A, device: d1, type: phreatic_line, period: 10m, limits: {red: 4}}"; // 30 min
    static final String SLOW = "{tag: WL, source: A, device: d2, type: water_level, period: 1h, limits: {red: 9}, noData: {multiple: 2, min: 5m}}";

    @ParameterizedTest(name = "{0}: silent {1} s -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GT | 59    | false",
        "GT | 62    | true",
        "PZ | 1790  | false",
        "PZ | 1810  | true",
        "WL | 7190  | false",
        "WL | 7210  | true",
    })
    void eachPointIsJudgedAgainstItsOwnPeriod(String tag, long silentSeconds, boolean expected) {
        Harness h = Harness.sensors(GAS, DAM, "{tag: WL, source: A, device: d1, type: water_level, period: 1h, limits: {red: 9},"
                + " noData: {multiple: 2, min: 5m}}");
        h.feed(tag, 1);
        h.idle(silentSeconds * 1000);
        assertEquals(expected, h.eventsOf("no_data").stream().anyMatch(e -> e.tag().equals(tag)));
    }

    @Test
    void noDataIsGreyLevelZeroAndALiveReadingClearsIt() {
        Harness h = Harness.sensors(GAS);
        h.feed("GT", 1).idle(62_000);
        AlarmEvent e = h.lastOf("no_data");
        assertEquals(AlarmKind.NO_DATA, e.kind());
        assertEquals(0, e.level());
        assertEquals(RiskColour.GREY, e.colour());
        assertEquals("silent", e.limitName());
        assertFalse(e.kind().isHazard());
        assertEquals("GT GT: no data for over 1 min (reports every 10 s)", e.message());
        h.feed("GT", 2);
        assertEquals(List.of(AlarmState.RAISED, AlarmState.CLEARED), h.states("no_data"));
        assertEquals(2.0, h.lastOf("no_data").value());
    }

    @Test
    void noSpuriousNoDataBeforeEveryPointHadItsWholeWindowFromStart() {
        Harness h = Harness.sensors(GAS, DAM);
        h.idle(59_000);
        assertTrue(h.events.isEmpty());
        h.idle(3_000);
        assertEquals(List.of("GT"), h.eventsOf("no_data").stream().map(AlarmEvent::tag).toList(), "only the 10 s point so far");
    }

    @Test
    void lateAndStaleReadingsNeitherRaiseNorClearNoData() {
        Harness h = Harness.sensors(GAS);
        h.feed("GT", 1);
        long lastTs = h.clock.millis();
        h.idle(10 * 60_000);
        assertEquals(1, h.events.size());
        h.feed("GT", 1, lastTs - 5_000, Quality.GOOD);                     // out of order: late
        h.feed("GT", 1, lastTs + 10_000, Quality.GOOD);                    // in order but almost 10 min old at arrival: stale
        assertEquals(1, h.events.size(), "only live data ends a no-data alarm");
        assertEquals(1, h.evaluator.late());
        assertEquals(1, h.evaluator.stale());
        h.feed("GT", 1);
        assertEquals(AlarmState.CLEARED, h.last().state());
    }

    @Test
    void aGatewayThatCannotTakeReadingsJudgesNobodySilent() {
        Harness h = Harness.sensors(GAS);
        h.feed("GT", 1);
        for (int i = 0; i < 300; i++) {
            h.clock.advance(1000);
            h.evaluator.tick(h.clock.millis(), true); // the log is full: devices are being refused
        }
        assertTrue(h.events.isEmpty());
        h.idle(59_000);
        assertTrue(h.events.isEmpty(), "each point gets its whole window once ingest resumes");
        h.idle(3_000);
        assertEquals(1, h.events.size());
    }

    @Test
    void aDeviceGoingOfflineIsNoDataAtOnceForItsPointsOnly() {
        Harness h = Harness.sensors(GAS, DAM, SLOW);
        h.feed("GT", 1).feed("PZ", 10);
        h.evaluator.deviceOffline("s", "d1", h.clock.millis());
        assertEquals(List.of("GT", "PZ"), h.eventsOf("no_data").stream().map(AlarmEvent::tag).sorted().toList());
        assertEquals("offline", h.last().limitName());
        assertEquals("PZ PZ: device d1 went offline (connection lost)", h.last().message());
        h.idle(120_000);
        assertEquals(2, h.eventsOf("no_data").size(), "already in no-data: no second alarm");
        h.feed("GT", 1);
        assertEquals(AlarmState.CLEARED, h.last().state());
        assertEquals("GT", h.last().tag());
    }

    @Test
    void noDataOffRaisesNothing() {
        Harness h = Harness.sensors("{tag: GT, source: A, device: d1, type: combustible_gas, noData: off}");
        h.feed("GT", 1).idle(3_600_000);
        assertNull(h.lastOf("no_data"));
    }
}
