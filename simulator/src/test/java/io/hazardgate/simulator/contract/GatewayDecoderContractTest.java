package io.hazardgate.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.TelemetryDecoder;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.simulator.SimulatorMain;
import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.load.LoadNaming;
import io.hazardgate.simulator.load.PayloadTemplate;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.plant.PlantPlayer;
import io.hazardgate.simulator.telemetry.TelemetryBatch;
import io.hazardgate.simulator.telemetry.TelemetryJson;
import io.hazardgate.simulator.testing.Sites;
import io.hazardgate.simulator.time.TimeBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the simulator sends, fed to the gateway's own telemetry decoder: every message is accepted and
 * every tag is known to the site the gateway would load.
 */
class GatewayDecoderContractTest {
    private static final long NOW = 1_732_350_000_000L;

    @TempDir
    Path dir;

    @Test
    void gatewayAcceptsEveryPlantMessageWithEveryTagKnown() {
        Site demo = Sites.demo();
        List<TelemetryBatch> sent = new ArrayList<>();
        Plant plant = Plant.build(List.of(demo), 5, NOW, ZoneOffset.ofHours(8));
        new PlantPlayer(plant, PointEffect.NONE, new TimeBase(NOW, 1), sent::add).advanceTo(NOW + 3_600_000L);
        SensorIndex index = new SensorIndex(List.of(demo), 1, 1);
        int readings = 0;
        for (TelemetryBatch b : sent) readings += decode(index, "demo", b.device(), TelemetryJson.encode(b), NOW + 3_600_000L);
        assertEquals(sent.stream().mapToInt(b -> b.readings().size()).sum(), readings);
    }

    @Test
    void gatewayAcceptsLoadMessagesForTheGeneratedSite() throws Exception {
        Path file = dir.resolve("load.yaml");
        assertEquals(SimulatorMain.OK, SimulatorMain.run(new String[] {"gen-load-config", "--devices", "5", "--sensors-per-device", "40",
                "--out", file.toString()}, quiet(), quiet()));
        Site site = ConfigLoader.loadSite(file);
        SensorIndex index = new SensorIndex(List.of(site), 1, 1);
        LoadNaming naming = new LoadNaming(LoadNaming.DEFAULT_SITE, LoadNaming.DEFAULT_TAG_PREFIX);
        PayloadTemplate template = new PayloadTemplate(naming.tagPrefix(), 20);
        byte[] buf = template.newBuffer();
        SplittableRandom values = new SplittableRandom(3);
        for (int device = 0; device < 5; device++) {
            for (int window = 0; window < 2; window++) {
                template.patch(buf, NOW, device, window * 20, values);
                assertEquals(20, decode(index, site.id(), naming.device(device), buf, NOW));
            }
        }
    }

    /** Decodes one message and returns its reading count, failing on a refusal or an unknown tag. */
    private static int decode(SensorIndex index, String site, String device, byte[] payload, long now) {
        TelemetryDecoder decoder = new TelemetryDecoder();
        Bytes in = BufferBytes.wrap(payload);
        Bytes out = BufferBytes.allocate(256);
        try {
            boolean ok = decoder.decode(in, index, index.site(site), device.getBytes(StandardCharsets.UTF_8), now, out);
            assertTrue(ok, decoder.error() + " in " + new String(payload, StandardCharsets.UTF_8));
            assertEquals(0, decoder.unknownCount(), "unknown tags " + decoder.unknownTags());
            return new ReadingBatch().wrap(out).count();
        } finally {
            in.release();
            out.release();
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true);
    }
}
