package io.hazardgate.simulator.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void encodesTheWireContract() throws Exception {
        TelemetryBatch b = new TelemetryBatch("demo", "dtu-tf1", 1732350000123L, List.of(
                Reading.of("GT-101", 12.5),
                new Reading("LT-101", 8.3, 1732350000100L, Quality.UNCERTAIN),
                new Reading("TT-101", -2, 1732350000123L, Quality.GOOD)));
        JsonNode root = JSON.readTree(TelemetryJson.encode(b));

        assertEquals(1732350000123L, root.get("ts").longValue());
        assertTrue(root.get("ts").isIntegralNumber());
        JsonNode r = root.get("readings");
        assertEquals(3, r.size());
        assertEquals("GT-101", r.get(0).get("tag").textValue());
        assertEquals(12.5, r.get(0).get("value").doubleValue());
        assertFalse(r.get(0).has("ts"), "a reading at the message's time takes the message's ts");
        assertFalse(r.get(0).has("quality"), "good is the default and is not sent");
        assertEquals(1732350000100L, r.get(1).get("ts").longValue());
        assertEquals("uncertain", r.get(1).get("quality").textValue());
        assertEquals(-2, r.get(2).get("value").intValue());
        assertFalse(r.get(2).has("ts"), "own ts equal to the message's is left out");
        assertEquals("plant/demo/dtu-tf1/telemetry", b.topic());
    }

    @Test
    void writesSmallAndLargeNumbersInPlainDecimal() {
        TelemetryBatch b = new TelemetryBatch("s", "d", 1L, List.of(Reading.of("A", 0.0001), Reading.of("B", 1.5e7), Reading.of("C", 60)));
        assertEquals("{\"ts\":1,\"readings\":[{\"tag\":\"A\",\"value\":0.0001},{\"tag\":\"B\",\"value\":15000000},"
                + "{\"tag\":\"C\",\"value\":60}]}", TelemetryJson.toString(b));
    }

    @Test
    void refusesToSendWhatJsonCannotCarry() {
        TelemetryBatch b = new TelemetryBatch("s", "d", 1L, List.of(Reading.of("A", Double.NaN)));
        assertThrows(IllegalArgumentException.class, () -> TelemetryJson.encode(b));
    }
}
