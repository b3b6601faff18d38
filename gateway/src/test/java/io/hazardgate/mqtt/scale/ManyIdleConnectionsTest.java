package io.hazardgate.mqtt.scale;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.Paho5;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * Two thousand idle keep-alive connections on one server, while a subscriber and a publisher are
 * still served. The 10,000-connection heap measurement is {@link IdleConnectionsMeasurement}.
 */
class ManyIdleConnectionsTest {
    static final int CONNECTIONS = 2_000;

    @Test
    void servesOthersWhileHoldingTwoThousandIdleConnections() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MqttServer server = new MqttServer(MqttServerConfig.defaults(), registry);
        int port = server.start("127.0.0.1", 0);
        try (IdleClients idle = IdleClients.open(port, CONNECTIONS, 60, "idle-")) {
            Await.until("all connected", () ->
                    TestServers.gauge(registry, "hazardgate.mqtt.connections") == CONNECTIONS);
            idle.ping();
            try (Paho5 sub = Paho5.connect("tcp://127.0.0.1:" + port, "watcher")) {
                sub.client.subscribe(new MqttSubscription[] {new MqttSubscription("alarm/#", 1)})
                        .waitForCompletion(WAIT.toMillis());
                server.publisher().publish("alarm/demo/TF1/GT-101", "raised".getBytes(), 1, false);
                assertEquals("raised", sub.take().payload());
            }
        } finally {
            server.close();
        }
        assertEquals(0.0, TestServers.gauge(registry, "hazardgate.mqtt.connections"));
    }
}
