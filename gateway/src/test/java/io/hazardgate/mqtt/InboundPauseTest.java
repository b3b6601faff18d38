package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MqttServer#pauseInbound(String)}: publishers held back by TCP, nobody dropped for keep-alive. */
class InboundPauseTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private MqttServer server;
    private MqttClient subscriber;
    private MqttAsyncClient publisher;

    @BeforeEach
    void start() throws Exception {
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        int port = server.start("127.0.0.1", 0);
        subscriber = new MqttClient("tcp://127.0.0.1:" + port, "control-room", new MemoryPersistence());
        subscriber.connect(options());
        publisher = new MqttAsyncClient("tcp://127.0.0.1:" + port, "dtu-tf1", new MemoryPersistence());
        publisher.connect(options()).waitForCompletion(WAIT.toMillis());
    }

    @AfterEach
    void stop() throws Exception {
        server.resumeInbound();
        for (var c : new org.eclipse.paho.client.mqttv3.IMqttAsyncClient[] {publisher}) {
            if (c.isConnected()) {
                c.disconnect(0).waitForCompletion(WAIT.toMillis());
            }
            c.close();
        }
        if (subscriber.isConnected()) {
            subscriber.disconnect(0);
        }
        subscriber.close();
        server.close();
    }

    @Test
    void pausedServerHoldsPublishesBackAndTakesThemOnResume() throws Exception {
        BlockingInbox inbox = new BlockingInbox(subscriber, "plant/#");
        server.pauseInbound("durable log BUDGET_REACHED").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(server.isInboundPaused());
        assertEquals(1.0, TestServers.gauge(registry, "hazardgate.mqtt.inbound.paused"));
        IMqttDeliveryToken token = publisher.publish("plant/demo/dtu-tf1/telemetry", "{}".getBytes(), 1, false);
        assertNull(inbox.poll(500), "nothing is read while paused");
        assertFalse(token.isComplete(), "no PUBACK while paused");

        server.resumeInbound();
        assertEquals("plant/demo/dtu-tf1/telemetry", inbox.take());
        token.waitForCompletion(WAIT.toMillis());
        assertEquals(0.0, TestServers.gauge(registry, "hazardgate.mqtt.inbound.paused"));
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout((int) WAIT.toSeconds());
        o.setKeepAliveInterval(60);
        return o;
    }
}
