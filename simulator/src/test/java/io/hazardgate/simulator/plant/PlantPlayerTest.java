package io.hazardgate.simulator.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.inject.ForcedValueSpec;
import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.telemetry.Reading;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.testing.ManualTicker;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantPlayerTest {
    private static final long ORIGIN = 1_732_350_000_000L;
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;

    @TempDir
    Path dir;

    private final List<TelemetryBatch> sent = new ArrayList<>();

    @Test
    void eachLoggerSendsAllItsPointsInOneMessageAtStart() {
        PlantPlayer player = player(Sites.demo(), PointEffect.NONE, 1);
        player.advanceTo(ORIGIN);
        assertEquals(2, sent.size());
        assertEquals("plant/demo/dtu-tf1/telemetry", sent.get(0).topic());
        assertEquals(List.of("GT-101", "GT-102", "GT-103", "LT-101", "LSHH-101", "LSLL-101", "IS-101", "BP-101", "XV-101",
                "FT-101", "TT-101", "PT-101", "AT-101"), tags(sent.get(0)));
        assertEquals("plant/demo/dtu-td1/telemetry", sent.get(1).topic());
        assertEquals(List.of("GNSS-01", "GNSS-02", "IN-01", "LS-01", "PZ-01", "PZ-02", "WL-01", "DB-01", "BS-01", "RG-01", "SP-01", "TB-01"),
                tags(sent.get(1)), "every point but the freeboard, which the gateway derives");
    }

    @Test
    void eachPointIsSentAtItsOwnPeriod() {
        PlantPlayer player = player(Sites.demo(), PointEffect.NONE, 1);
        player.advanceTo(ORIGIN + 20 * MINUTE);
        Map<String, Long> perDevice = sent.stream().collect(Collectors.groupingBy(TelemetryBatch::device, Collectors.counting()));
        // Tank farm points every 10 s, dam points every 10 min (some hourly), both from the start, both ends included.
        assertEquals(121, perDevice.get("dtu-tf1"));
        assertEquals(3, perDevice.get("dtu-td1"));
        for (TelemetryBatch b : sent) {
            int due = b.device().equals("dtu-tf1") ? 13 : b.ts() == ORIGIN ? 12 : 7;
            assertEquals(due, b.readings().size(), "every due point of " + b.device() + " at " + b.ts());
        }
        for (int i = 1; i < sent.size(); i++) assertTrue(sent.get(i).ts() >= sent.get(i - 1).ts(), "in time order");
    }

    @Test
    void pointsOfOneLoggerDueTogetherShareAMessageAndOthersComeAlone() throws Exception {
        Site site = Sites.fromYaml(dir, """
                site: mixed
                hazardSources: [{id: HS}]
                devices: [{id: dtu-1}]
                sensors:
                  - {tag: FAST, source: HS, device: dtu-1, type: combustible_gas, period: 10s, range: [0, 100]}
                  - {tag: SLOW, source: HS, device: dtu-1, type: temperature, period: 1m, range: [-40, 120], limits: {H: 45}}
                """);
        PlantPlayer player = player(site, PointEffect.NONE, 1);
        player.advanceTo(ORIGIN + MINUTE);
        assertEquals(7, sent.size());
        assertEquals(List.of("FAST", "SLOW"), tags(sent.get(0)));
        for (int i = 1; i < 6; i++) assertEquals(List.of("FAST"), tags(sent.get(i)), "message " + i);
        assertEquals(List.of("FAST", "SLOW"), tags(sent.get(6)));
        assertEquals(ORIGIN + MINUTE, sent.get(6).ts());
    }

    @Test
    void forcedValueHoldsForItsPlantTimeThenTheSignalReturns() {
        PointEffect leak = ForcedValueSpec.parse("GT-101=60@1m").effect(ORIGIN);
        PlantPlayer player = player(Sites.demo(), leak, 1);
        player.advanceTo(ORIGIN + 2 * MINUTE);
        List<Double> gas = sent.stream().filter(b -> b.device().equals("dtu-tf1"))
                .map(b -> value(b, "GT-101")).toList();
        assertEquals(13, gas.size());
        for (int i = 0; i < 6; i++) assertEquals(60.0, gas.get(i), "sample " + i + " inside the minute");
        for (int i = 6; i < 13; i++) assertTrue(gas.get(i) < 25, "sample " + i + " back to normal: " + gas.get(i));
    }

    @Test
    void atSixtyTimesSpeedTenMinutePointsComeEveryTenWallSecondsStampedWithWallTime() throws Exception {
        TimeBase timeBase = new TimeBase(ORIGIN, 60);
        ManualTicker ticker = new ManualTicker(ORIGIN);
        Plant plant = Plant.build(List.of(Sites.demo()), 1, ORIGIN, ZoneOffset.ofHours(8));
        PlantPlayer player = new PlantPlayer(plant, PointEffect.NONE, timeBase, sent::add);
        new PlantRunner(player, timeBase, ticker).run(ORIGIN + MINUTE);

        List<Long> dam = sent.stream().filter(b -> b.device().equals("dtu-td1")).map(TelemetryBatch::ts).toList();
        assertEquals(List.of(ORIGIN, ORIGIN + 10 * SECOND, ORIGIN + 20 * SECOND, ORIGIN + 30 * SECOND, ORIGIN + 40 * SECOND,
                ORIGIN + 50 * SECOND), dam);
        assertEquals(ORIGIN + MINUTE, ticker.nowMillis(), "the run lasts its wall-clock duration");
        assertEquals(360, sent.stream().filter(b -> b.device().equals("dtu-tf1")).count(), "an hour of 10 s points in a minute");
    }

    /**
     * With wall-clock timestamps at speed 60 the gateway's 24 h sum of a rain gauge's readings spans 60 plant
     * days: the gauge reports a sixtieth of each period's rain, so a calm plant stays calm. With plant
     * timestamps, or at speed 1, it reports the rain itself; other points are never scaled.
     */
    @Test
    void aRainGaugeReportsItsShareOfEachIncrementForTheMessageTimestamps() {
        PointEffect rain = ForcedValueSpec.parse("RG-01=6").effect(ORIGIN);
        List<TelemetryBatch> wall = new ArrayList<>();
        List<TelemetryBatch> plant = new ArrayList<>();
        Plant p1 = Plant.build(List.of(Sites.demo()), 7, ORIGIN, ZoneOffset.ofHours(8));
        Plant p2 = Plant.build(List.of(Sites.demo()), 7, ORIGIN, ZoneOffset.ofHours(8));
        new PlantPlayer(p1, rain, new TimeBase(ORIGIN, 60), wall::add, MessageTimestamps.WALL).advanceTo(ORIGIN + 30 * MINUTE);
        new PlantPlayer(p2, rain, new TimeBase(ORIGIN, 60), plant::add, MessageTimestamps.PLANT).advanceTo(ORIGIN + 30 * MINUTE);
        List<TelemetryBatch> dam = wall.stream().filter(b -> b.device().equals("dtu-td1")).toList();
        List<TelemetryBatch> damPlant = plant.stream().filter(b -> b.device().equals("dtu-td1")).toList();
        assertEquals(4, dam.size());
        for (int i = 0; i < dam.size(); i++) {
            assertEquals(0.1, value(dam.get(i), "RG-01"), 1e-12, "6 mm a period, a sixtieth of it");
            assertEquals(6.0, value(damPlant.get(i), "RG-01"), "the rain itself with plant timestamps");
            assertEquals(value(damPlant.get(i), "WL-01"), value(dam.get(i), "WL-01"), "a water level is a level, not an increment");
        }
    }

    /** A value beyond the gauge's range (0..500 mm) is a broken instrument, sent as it is at any speed. */
    @Test
    void aRainGaugeOutOfItsRangeIsNotScaled() {
        List<TelemetryBatch> wall = new ArrayList<>();
        Plant p = Plant.build(List.of(Sites.demo()), 7, ORIGIN, ZoneOffset.ofHours(8));
        new PlantPlayer(p, ForcedValueSpec.parse("RG-01=600").effect(ORIGIN), new TimeBase(ORIGIN, 60), wall::add, MessageTimestamps.WALL)
                .advanceTo(ORIGIN + 30 * MINUTE);
        List<TelemetryBatch> dam = wall.stream().filter(b -> b.device().equals("dtu-td1")).toList();
        assertEquals(4, dam.size());
        for (TelemetryBatch b : dam) assertEquals(600.0, value(b, "RG-01"), "out of range: a fault, not an increment");
    }

    @Test
    void sensorsWithoutADeviceAreReportedNotPlayed() throws Exception {
        Site site = Sites.fromYaml(dir, """
                site: loose
                hazardSources: [{id: HS}]
                devices: [{id: dtu-1}]
                sensors:
                  - {tag: A, source: HS, device: dtu-1, type: combustible_gas}
                  - {tag: B, source: HS, type: combustible_gas}
                """);
        Plant plant = Plant.build(List.of(site), 1, ORIGIN, ZoneOffset.UTC);
        assertEquals(List.of("loose/B"), plant.unplayed());
        assertEquals(1, plant.pointCount());
    }

    private PlantPlayer player(Site site, PointEffect effect, double speed) {
        Plant plant = Plant.build(List.of(site), 7, ORIGIN, ZoneOffset.ofHours(8));
        return new PlantPlayer(plant, effect, new TimeBase(ORIGIN, speed), sent::add);
    }

    private static List<String> tags(TelemetryBatch b) {
        return b.readings().stream().map(Reading::tag).toList();
    }

    private static double value(TelemetryBatch b, String tag) {
        return b.readings().stream().filter(r -> r.tag().equals(tag)).findFirst().orElseThrow().value();
    }
}
