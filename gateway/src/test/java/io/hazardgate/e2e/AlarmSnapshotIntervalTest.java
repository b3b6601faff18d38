package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.config.AlarmSettings;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestClock;
import io.hazardgate.testing.TestGateway;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alarms.snapshotInterval} reaches the engine: on the gateway's own clock, rule state is written
 * after the configured 5 s, long before the default 30 s.
 */
class AlarmSnapshotIntervalTest {
    @TempDir Path data;

    @Test
    void ruleStateIsWrittenAtTheConfiguredIntervalOfTheGatewaysClock() throws Exception {
        TestClock clock = new TestClock(System.currentTimeMillis());
        try (Gateway gw = Gateway.start(TestGateway.config(data).withAlarms(new AlarmSettings(Duration.ofSeconds(5))), clock)) {
            Gauge written = gw.meters().get("hazardgate.alarm.snapshots.written").gauge();
            try (Mqtt.Client dtu = Mqtt.connect(gw.mqttPort(), "dtu-tf1")) {
                dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"TT-101\",\"value\":25}]}", 1);
            }
            assertEquals(0.0, written.value(), "nothing is due before the interval has passed on the gateway's clock");
            clock.advance(6_000);
            Await.until("a rule-state snapshot", Duration.ofSeconds(30), () -> written.value() >= 1);
            try (var files = Files.list(data.resolve("alarm"))) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("state-\\d+\\.bin")), "the snapshot file is there");
            }
        }
    }
}
