package io.hazardgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceStatusTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "offline                   | OFFLINE",
        "\" Offline\n\"            | OFFLINE",
        "online                    | ONLINE",
        "{\"status\": \"offline\"} | OFFLINE",
        "{\"status\":\"online\"}   | ONLINE",
        "gone                      | \"\"",
        "{\"state\": \"offline\"}  | \"\"",
        "\"\"                        | \"\"",
    })
    void payloads(String payload, String expected) {
        DeviceStatus s = DeviceStatus.parse(payload.getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, s == null ? "" : s.name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plant/demo/dtu-td1/status    | demo | dtu-td1",
        "plant/demo/dtu-td1/telemetry | ''   | ''",
        "plant/demo/status            | ''   | ''",
        "other/demo/dtu-td1/status    | ''   | ''",
    })
    void topics(String topic, String site, String device) {
        TelemetryTopic t = DeviceStatus.topic(topic);
        if (site.isEmpty()) {
            assertNull(t);
        } else {
            assertEquals(new TelemetryTopic(site, device), t);
        }
    }
}
