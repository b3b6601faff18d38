package io.hazardgate.security;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of many connections each sending most of a large PUBLISH and then nothing (keep-alive 0),
 * scaled down: against the whole gateway, with its budget for unfinished packets set to 4 MB, 40
 * connections try to park 20 MB. The gateway closes those beyond the budget and keeps answering
 * {@code /metrics} and MQTT.
 */
class PartialPacketFloodTest {
    @TempDir Path dir;

    @Test
    void connectionsParkingUnfinishedPacketsCannotTakeTheGatewaysMemory() throws Exception {
        long budget = 4L << 20;
        int held = 512 * 1024;
        int attackers = 40;
        try (Gateway gateway = Gateway.start(AccountsConfig.write(dir, "  limits: {maxPartialPacketBytes: 4MB}\n", "",
                io.hazardgate.config.mqtt.PasswordHash.MIN_ITERATIONS), Clock.systemUTC())) {
            List<RawMqttClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < attackers; i++) {
                    RawMqttClient c = new RawMqttClient(gateway.mqttPort());
                    clients.add(c);
                    c.send(RawMqttClient.connect311("parker-" + i, 0, true, "admin", AccountsConfig.password("admin")));
                    assertEquals(0, c.read(WAIT).body()[1]);
                    try {
                        // PUBLISH, remaining length 1,000,000 (0xC0 0x84 0x3D), a topic, then half the body
                        c.send(new byte[] {0x30, (byte) 0xC0, (byte) 0x84, 0x3D, 0x00, 0x03, 'a', '/', 'b'});
                        c.send(new byte[held]);
                    } catch (IOException closed) {
                        // closed for being over the budget
                    }
                }
                var metrics = Http.get("http://127.0.0.1:" + gateway.httpPort() + "/metrics");
                assertEquals(200, metrics.statusCode(), "/metrics answers during the attack");
                double parked = Http.metric(gateway.httpPort(), "hazardgate_mqtt_partial_bytes");
                assertTrue(parked <= budget, "bytes of unfinished packets held: " + parked);
                int closed = 0;
                for (RawMqttClient c : clients) {
                    if (c.awaitClosed(Duration.ofMillis(200))) closed++;
                }
                assertTrue(closed >= attackers - budget / held, "closed " + closed + " of " + attackers);

                try (RawMqttClient dtu = new RawMqttClient(gateway.mqttPort())) {
                    dtu.send(RawMqttClient.connect311("dtu-tf1", 60, true, "dtu-tf1", AccountsConfig.password("dtu-tf1")));
                    assertEquals(0, dtu.read(WAIT).body()[1], "a data logger still connects");
                }
            } finally {
                for (RawMqttClient c : clients) c.close();
            }
        }
    }
}
