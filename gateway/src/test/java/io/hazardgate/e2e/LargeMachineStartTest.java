package io.hazardgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.TestGateway;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm engine runs one shard per two cores, and a reading's shards are bits of a 64-bit mask: on a
 * 256-core machine the gateway must start with 64 shards rather than refuse to start.
 */
class LargeMachineStartTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onA256CoreMachineTheGatewayStartsWith64ShardsAndRaisesAlarms(@TempDir Path dir) throws Exception {
        try (Gateway g = Gateway.start(TestGateway.config(dir), Clock.systemUTC(), 256);
             Mqtt.Client room = Mqtt.connect(g.mqttPort(), "room").subscribe("alarm/#", 1);
             Mqtt.Client dtu = Mqtt.connect(g.mqttPort(), "dtu-tf1")) {
            assertEquals(64, g.alarmShards());
            String metrics = Http.get("http://127.0.0.1:" + g.httpPort() + "/metrics").body();
            assertEquals(64, metrics.lines().filter(l -> l.startsWith("hazardgate_alarm_shard_queue{")).count());
            dtu.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
            assertEquals("red", JSON.readTree(room.next("alarm/demo/TF1/GT-101").payload()).get("colour").asText());
        }
    }

    @Test
    void onOneCoreItRunsOneShard(@TempDir Path dir) throws Exception {
        try (Gateway g = Gateway.start(TestGateway.config(dir), Clock.systemUTC(), 1)) {
            assertEquals(1, g.alarmShards());
        }
    }
}
