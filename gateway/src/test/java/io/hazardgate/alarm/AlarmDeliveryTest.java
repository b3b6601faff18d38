package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.alarm.delivery.AlarmBusListener;
import io.hazardgate.alarm.delivery.RiskState;
import io.hazardgate.alarm.lifecycle.AckResult;
import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Quality;
import io.hazardgate.testing.TestClock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control room's API on the running engine and bus: acknowledgement, snapshots, listeners, topics. */
class AlarmDeliveryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = """
            site: s
            hazardSources:
              - {id: T, name: Tank farm, responsible: {principal: P, technical: Q, operational: R}}
              - {id: D, name: Dam, kind: tailings_dam}
            devices: [{id: d1}]
            sensors:
              - {tag: GT, source: T, device: d1, type: combustible_gas, range: [0, 100]}
              - {tag: LT, source: T, device: d1, type: tank_level, limits: {H: 16, HH: 18}}
              - {tag: G1, source: D, device: d1, type: surface_displacement, limits: {blue: 10}}
              - {tag: G2, source: D, device: d1, type: surface_displacement, limits: {blue: 10}}
              - {tag: G3, source: D, device: d1, type: surface_displacement, limits: {blue: 10}}
              - {tag: G4, source: D, device: d1, type: surface_displacement, limits: {blue: 10}}
            """;
    @TempDir Path dir;
    final TestClock clock = new TestClock(Harness.T0);
    AlarmSystem sys;

    @AfterEach
    void close() {
        if (sys != null) sys.close();
    }

    AlarmSystem start(int shards) {
        Site site = Harness.site(SITE);
        sys = new AlarmSystem(site, dir, clock, shards);
        return sys;
    }

    @Test
    void acknowledgementCompletesOnceItsEventIsPublishedAndShowsEverywhere() throws Exception {
        start(2);
        sys.feed("GT", 60);
        AlarmEvent raised = sys.await(e -> e.state() == AlarmState.RAISED);
        clock.advance(5_000);
        long ackAt = clock.millis();
        AckResult r = sys.alarms.acknowledge(raised.id(), " operator1 ", "  gas team sent  ").get();
        assertEquals(AckResult.Outcome.ACKNOWLEDGED, r.outcome());
        assertEquals(new Acknowledgement("operator1", ackAt, "gas team sent"), r.ack());
        // by the time the future completes, the event is out and the snapshots say so
        JsonNode ev = JSON.readTree(sys.published.stream().filter(m -> m.topic().equals("alarm/s/T/GT")
                && m.payload().contains("\"acknowledged\"")).reduce((a, b) -> b).orElseThrow().payload());
        assertEquals("acknowledged", ev.get("state").asText());
        assertEquals("operator1", ev.get("ackBy").asText());
        assertEquals(ackAt, ev.get("ackTs").asLong());
        assertEquals("gas team sent", ev.get("ackComment").asText());
        assertTrue(ev.get("acknowledged").asBoolean());
        AlarmEvent active = sys.alarms.activeAlarms().get(0);
        assertTrue(active.acknowledged());
        assertEquals(raised.id(), active.id());
        assertEquals(AckResult.Outcome.ALREADY_ACKNOWLEDGED, sys.alarms.acknowledge(raised.id(), "op2", null).get().outcome());
        assertEquals(AckResult.Outcome.INVALID, sys.alarms.acknowledge(raised.id(), " ", null).get().outcome());
        assertEquals(AckResult.Outcome.INVALID, sys.alarms.acknowledge("nonsense", "op", null).get().outcome());
        assertEquals(AckResult.Outcome.INVALID, sys.alarms.acknowledge(raised.id(), "op", "x".repeat(501)).get().outcome());
        assertEquals(AckResult.Outcome.UNKNOWN_ALARM, sys.alarms.acknowledge("s:NOPE:high:1", "op", null).get().outcome());
    }

    @Test
    void sensorStatusHasTheNewestReadingAndItsActiveAlarms() {
        start(1);
        sys.feed("LT", 17).drain();
        clock.advance(1000);
        sys.feed("LT", 17.5, clock.millis() - 200, Quality.UNCERTAIN).drain();
        SensorStatus st = sys.alarms.sensor("s", "LT").orElseThrow();
        assertEquals(17.5, st.latest().value());
        assertEquals(Quality.UNCERTAIN, st.latest().quality());
        assertEquals(clock.millis() - 200, st.latest().ts());
        assertEquals(clock.millis(), st.latest().receivedAt());
        assertEquals(1, st.activeAlarms().size());
        assertEquals("H", st.activeAlarms().get(0).limitName());
        assertFalse(st.faulted());
        assertEquals(6, sys.alarms.sensors("s").size());
        assertTrue(sys.alarms.sensor("s", "nope").isEmpty());
        assertEquals(null, sys.alarms.sensor("s", "GT").orElseThrow().latest(), "no reading yet");
    }

    @Test
    void retainedStateAndColoursFollowTheAlarmsAndListenersHearEverything() throws Exception {
        start(1);
        List<AlarmEvent> heard = new CopyOnWriteArrayList<>();
        List<String> colours = new CopyOnWriteArrayList<>();
        sys.alarms.addListener(new AlarmBusListener() {
            @Override public void onAlarm(AlarmEvent event) { heard.add(event); }

            @Override public void onRisk(RiskState now, RiskColour previous) {
                if (now.colour() != previous) colours.add(now.source().id() + ":" + previous.wireName() + ">" + now.colour().wireName());
            }
        });
        sys.feed("LT", 19).drain();
        sys.feed("LT", 10).drain();
        for (String g : new String[] {"G1", "G2", "G3", "G4"}) sys.feed(g, 11);
        sys.drain();
        assertEquals(List.of("T:green>red", "T:red>green", "D:green>blue", "D:blue>yellow"), colours);
        assertEquals(6, heard.size());
        List<AlarmSystem.Message> retained = sys.published.stream().filter(m -> m.topic().equals("alarm-state/s/T/LT")).toList();
        assertTrue(retained.get(retained.size() - 1).retained());
        assertEquals("", retained.get(retained.size() - 1).payload(), "cleared: the retained state is emptied");
        JsonNode dam = JSON.readTree(sys.published.stream().filter(m -> m.topic().equals("risk/s/D")).reduce((a, b) -> b)
                .orElseThrow().payload());
        assertEquals("yellow", dam.get("colour").asText());
        assertEquals("4 surface_displacement points at blue or above (GB 39496 §5.5.4)", dam.get("cause").asText());
        assertEquals("surface_displacement", dam.get("items").get(0).get("type").asText());
        assertEquals(4, dam.get("items").get(0).get("points").get("blue").asInt());
        JsonNode riskEvent = JSON.readTree(sys.published.stream().filter(m -> m.topic().equals("risk-event/s/D"))
                .reduce((a, b) -> b).orElseThrow().payload());
        assertEquals("blue", riskEvent.get("previousColour").asText());
        assertEquals("yellow", riskEvent.get("colour").asText());
        assertEquals(RiskColour.YELLOW, sys.alarms.risks().stream().filter(r -> r.source().id().equals("D")).findFirst()
                .orElseThrow().colour());
    }

    @Test
    void aLoggerGoingOfflineIsNoDataForItsPoints() {
        start(2);
        sys.feed("LT", 5).drain();
        sys.alarms.engine().deviceOffline("s", "d1");
        sys.drain();
        assertEquals(6, sys.events("no_data").size());
        assertTrue(sys.events("no_data").stream().allMatch(e -> e.limitName().equals("offline") && e.colour() == RiskColour.GREY));
        assertTrue(sys.alarms.risks().stream().allMatch(r -> r.colour() == RiskColour.GREEN), "no data is never a hazard colour");
    }

    @Test
    void silentPointsRaiseNoDataOnTheShardsOwnTick() {
        start(1);
        sys.feed("LT", 5).drain();
        sys.advance(59_000);
        assertTrue(sys.events("no_data").isEmpty());
        sys.advance(2_000);
        assertEquals(List.of("GT", "LT"), sys.events("no_data").stream().map(AlarmEvent::tag).sorted().toList(),
                "after its whole window a 10 s point is silent, reported or not");
        sys.advance(29 * 60_000);
        assertEquals(6, sys.events("no_data").stream().filter(e -> e.state() == AlarmState.RAISED).count(),
                "the 10 min displacement points get 30 min");
    }
}
