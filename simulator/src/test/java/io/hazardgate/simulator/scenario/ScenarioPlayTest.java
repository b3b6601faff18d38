package io.hazardgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.simulator.operator.Operator;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.plant.PlantPlayer;
import io.hazardgate.simulator.scenario.play.ScenarioPlay;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.Quality;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incidents as the plant plays them, without a broker: values, qualities, link cuts, uploads and garbage. */
class ScenarioPlayTest {
    private static final long ORIGIN = 1_795_000_000_000L;
    private static final long SEC = 1_000;
    private static final long MIN = 60 * SEC;

    @TempDir
    Path dir;

    /** What reached the uplink, in order: batches, raw payloads and link events. */
    private final List<Object> uplink = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private final TelemetrySink sink = new TelemetrySink() {
        @Override
        public void send(TelemetryBatch batch) {
            uplink.add(batch);
        }

        @Override
        public void sendRaw(String site, String device, byte[] payload) {
            uplink.add(device + " raw " + new String(payload, StandardCharsets.UTF_8));
        }
    };

    /** Records the cuts a scenario makes; the real MQTT link is exercised against the gateway. */
    private final DeviceLink link = new DeviceLink() {
        @Override
        public void drop(String site, String device) {
            uplink.add(device + " down");
        }

        @Override
        public void restore(String site, String device) {
            uplink.add(device + " up");
        }
    };

    /** Records what the operator is asked to acknowledge, and when in the stream of messages. */
    private final Operator operator = (site, tag, comment) -> {
        uplink.add("ack " + tag + (comment.isEmpty() ? "" : " \"" + comment + "\""));
        return List.of(tag + " acknowledged");
    };

    private ScenarioPlay play(String yaml, MessageTimestamps stamps, long until) throws Exception {
        Path f = dir.resolve("s.yaml");
        Files.writeString(f, "site: demo\n" + yaml);
        Scenario s = ScenarioLoader.load(f, List.of(Sites.demo()));
        Plant plant = Plant.build(List.of(Sites.demo()), 5, ORIGIN, ZoneOffset.ofHours(8)).only(s.devices());
        ScenarioPlay play = new ScenarioPlay(s, plant, ORIGIN, sink, link, operator, events::add);
        new PlantPlayer(plant, play, new TimeBase(ORIGIN, 60), play, stamps).advanceTo(ORIGIN + until);
        return play;
    }

    @Test
    void aRampReachesItsTargetAsItEndsAndAHoldStaysThere() throws Exception {
        play("""
                devices: [dtu-tf1]
                duration: 12m
                incidents:
                  - {id: leak, at: 2m, for: 4m, tag: GT-101, ramp: {from: 0, to: 60}}
                  - {at: 6m, for: 2m, tag: GT-101, hold: {}}
                  - {at: 8m, for: 2m, tag: GT-101, ramp: {to: 30}}
                """, MessageTimestamps.WALL, 11 * MIN);
        assertEquals(0.0, value("GT-101", 2 * MIN));
        assertEquals(30.0, value("GT-101", 4 * MIN), "half way");
        assertEquals(57.5, value("GT-101", 5 * MIN + 50 * SEC), "the last sample inside the ramp");
        assertEquals(60.0, value("GT-101", 6 * MIN), "the hold starts where the ramp was headed");
        assertEquals(60.0, value("GT-101", 7 * MIN + 50 * SEC));
        assertEquals(45.0, value("GT-101", 9 * MIN), "the next ramp starts from the hold");
        assertTrue(value("GT-101", 10 * MIN) < 25, "normal again afterwards");
        assertTrue(value("GT-101", MIN + 50 * SEC) < 25, "normal before");
        assertEquals(List.of("+2m leak: GT-101 ramp to 60 for 4m", "+6m GT-101 hold for 2m", "+8m GT-101 ramp to 30 for 2m"), events);
    }

    @Test
    void aFlatlineRepeatsOneNumberWhileTheOthersKeepTheirNoise() throws Exception {
        play("""
                devices: [dtu-tf1]
                duration: 10m
                incidents: [{at: 2m, for: 3m, tag: PT-101, flatline: {}}]
                """, MessageTimestamps.WALL, 6 * MIN);
        double before = value("PT-101", 2 * MIN - 10 * SEC);
        for (long t = 2 * MIN; t < 5 * MIN; t += 10 * SEC) assertEquals(before, value("PT-101", t), "stuck at " + t);
        assertTrue(value("PT-101", 5 * MIN) != before || value("PT-101", 5 * MIN + 10 * SEC) != before, "moving again");
    }

    @Test
    void faultsAreOutOfRangeOrFlaggedBad() throws Exception {
        play("""
                devices: [dtu-tf1]
                duration: 10m
                incidents:
                  - {at: 1m, for: 1m, tag: TT-101, out-of-range: {side: low}}
                  - {at: 3m, for: 1m, tag: LT-101, bad-quality: {}}
                """, MessageTimestamps.WALL, 5 * MIN);
        assertEquals(-56.0, value("TT-101", MIN + 30 * SEC));
        Reading flagged = reading("LT-101", 3 * MIN);
        assertEquals(Quality.BAD, flagged.quality());
        assertTrue(flagged.value() > 2 && flagged.value() < 16, "a normal value, flagged: " + flagged.value());
        assertEquals(Quality.GOOD, reading("LT-101", 4 * MIN).quality());
    }

    @Test
    void anAcceleratingPointAddsRateAndAccelerationToItsNormalSignal() throws Exception {
        play("""
                devices: [dtu-td1]
                duration: 3d
                incidents: [{at: 1d, for: 1d, tag: GNSS-01, accelerate: {rate: 2, acceleration: 48, per: 1d}}]
                """, MessageTimestamps.WALL, 2 * 24 * 60 * MIN);
        // After half a day: 2 * 0.5 + 48 * 0.25 / 2 = 7 mm above a normal value of a few mm (GNSS noise 0.4 mm).
        double at12h = value("GNSS-01", (24 + 12) * 60 * MIN);
        double normalBefore = value("GNSS-01", 24 * 60 * MIN - 10 * MIN);
        assertTrue(at12h - normalBefore > 5 && at12h - normalBefore < 9, at12h + " vs " + normalBefore);
    }

    @Test
    void anOfflineLoggerIsCutKeepsItsMessagesAndUploadsThemInOrderUnderTheirOwnTimestamps() throws Exception {
        ScenarioPlay play = play("""
                devices: [dtu-td1]
                duration: 2h
                incidents: [{at: 20m, for: 40m, device: dtu-td1, offline: {}}]
                """, MessageTimestamps.PLANT, 90 * MIN);
        List<String> order = new ArrayList<>();
        for (Object o : uplink) order.add(o instanceof TelemetryBatch b ? "ts+" + (b.ts() - ORIGIN) / MIN + "m" : o.toString());
        assertEquals(List.of("ts+0m", "ts+10m", "dtu-td1 down", "dtu-td1 up", "ts+20m", "ts+30m", "ts+40m", "ts+50m", "ts+60m", "ts+70m",
                "ts+80m", "ts+90m"), order);
        assertEquals(4, play.uploaded());
        assertEquals("+1h dtu-td1 is back and uploads 4 buffered messages", events.get(1));
    }

    @Test
    void anOfflineLoggerWithoutUploadLosesWhatItSampled() throws Exception {
        ScenarioPlay play = play("""
                devices: [dtu-td1]
                duration: 2h
                incidents: [{at: 20m, for: 40m, device: dtu-td1, offline: {upload: false}}]
                """, MessageTimestamps.PLANT, 70 * MIN);
        assertEquals(4, play.lost());
        assertEquals(0, play.uploaded());
        assertEquals(4, uplink.stream().filter(o -> o instanceof TelemetryBatch).count(), "0, 10m, then 60m and 70m");
    }

    @Test
    void garbageGoesOutJustBeforeTheLoggersFirstMessageAtOrAfterItsTime() throws Exception {
        play("""
                devices: [dtu-tf1]
                duration: 5m
                incidents:
                  - {at: 65s, device: dtu-tf1, garbage: {payload: missing-value}}
                  - {at: 2m, device: dtu-tf1, garbage: {raw: "not json"}}
                """, MessageTimestamps.PLANT, 3 * MIN);
        int first = indexOf("dtu-tf1 raw {\"ts\":");
        TelemetryBatch after = (TelemetryBatch) uplink.get(first + 1);
        assertEquals(ORIGIN + 70 * SEC, after.ts(), "sent with the 70 s message, the first at or after 65 s");
        assertEquals("dtu-tf1 raw {\"ts\":" + (ORIGIN + 70 * SEC) + ",\"readings\":[{\"tag\":\"GT-101\"}]}", uplink.get(first));
        assertEquals(ORIGIN + 2 * MIN, ((TelemetryBatch) uplink.get(indexOf("dtu-tf1 raw not json") + 1)).ts());
    }

    @Test
    void theOperatorAcknowledgesBeforeTheFirstMessageAtOrAfterItsTimeAndAtTheEndIfNoneCame() throws Exception {
        ScenarioPlay play = play("""
                devices: [dtu-tf1]
                duration: 5m
                incidents:
                  - {at: 65s, tag: GT-101, ack: {comment: gas team sent}}
                  - {at: 4m55s, tag: LT-101, ack: {}}
                """, MessageTimestamps.PLANT, 4 * MIN + 50 * SEC);
        int ack = uplink.indexOf("ack GT-101 \"gas team sent\"");
        assertEquals(ORIGIN + 70 * SEC, ((TelemetryBatch) uplink.get(ack + 1)).ts(), "before the 70 s message, the first at or after 65 s");
        assertEquals(ORIGIN + 60 * SEC, ((TelemetryBatch) uplink.get(ack - 1)).ts());
        assertEquals(List.of("+1m5s the operator acknowledges the alarms of GT-101 (\"gas team sent\")", "+1m5s GT-101 acknowledged"), events);
        assertTrue(!uplink.contains("ack LT-101"), "not due yet");
        play.finish();
        assertEquals("ack LT-101", uplink.get(uplink.size() - 1), "due before the end, acknowledged as the scenario ends");
    }

    private int indexOf(String prefix) {
        for (int i = 0; i < uplink.size(); i++) if (uplink.get(i) instanceof String s && s.startsWith(prefix)) return i;
        throw new AssertionError("nothing starting with " + prefix + " in " + uplink);
    }

    private double value(String tag, long offset) {
        return reading(tag, offset).value();
    }

    private Reading reading(String tag, long offset) {
        for (Object o : uplink) {
            if (o instanceof TelemetryBatch b && b.plantMillis() == ORIGIN + offset) {
                for (Reading r : b.readings()) if (r.tag().equals(tag)) return r;
            }
        }
        throw new AssertionError("no " + tag + " sampled at +" + offset + " ms");
    }
}
