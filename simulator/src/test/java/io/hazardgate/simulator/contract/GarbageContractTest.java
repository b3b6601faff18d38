package io.hazardgate.simulator.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.ingest.TelemetryDecoder;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.Bytes;
import io.hazardgate.simulator.scenario.GarbageKind;
import io.hazardgate.simulator.testing.Sites;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each kind of garbage a scenario sends, fed to the gateway's own decoder: refused for the reason it
 * was built to carry, except the unknown tag, which the contract stores and reports.
 */
class GarbageContractTest {
    private static final long NOW = 1_795_000_000_000L;
    private static final Map<GarbageKind, String> REASON = Map.of(
            GarbageKind.MALFORMED_JSON, "invalid JSON",
            GarbageKind.MISSING_VALUE, "readings[0]: missing 'value'",
            GarbageKind.MISSING_TAG, "readings[0]: missing 'tag'",
            GarbageKind.NOT_A_NUMBER, "readings[0].value must be a number",
            GarbageKind.INVALID_QUALITY, "readings[0].quality must be",
            GarbageKind.BAD_TIMESTAMP, "is before 2000-01-01");

    @Test
    void everyKindOfGarbageButAnUnknownTagIsRefusedForItsOwnReason() {
        SensorIndex index = new SensorIndex(List.of(Sites.demo()), 1, 1);
        for (GarbageKind k : GarbageKind.values()) {
            TelemetryDecoder decoder = new TelemetryDecoder();
            Bytes in = BufferBytes.wrap(k.payload("GT-101", NOW).getBytes(StandardCharsets.UTF_8));
            Bytes out = BufferBytes.allocate(256);
            try {
                boolean accepted = decoder.decode(in, index, index.site("demo"), "dtu-tf1".getBytes(StandardCharsets.UTF_8), NOW, out);
                if (k == GarbageKind.UNKNOWN_TAG) {
                    assertTrue(accepted, k + ": " + decoder.error());
                    assertEquals(List.of(GarbageKind.UNKNOWN_TAG_NAME), decoder.unknownTags());
                } else {
                    assertFalse(accepted, k + " was accepted");
                    assertTrue(decoder.error().contains(REASON.get(k)), k + ": " + decoder.error());
                }
            } finally {
                in.release();
                out.release();
            }
        }
    }
}
