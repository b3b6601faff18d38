package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading (and so never acknowledges) must cost the server a bounded queue and
 * counted drops, never a stalled publisher or a starved neighbour.
 */
class SlowSubscriberTest {
    private static final int MESSAGES = 3000;
    /** Room for a healthy subscriber lagging behind on a loaded machine; far less than the stalled one needs. */
    private static final int QUEUE_LIMIT = 1000;
    /** How far the publisher may run ahead of the healthy subscriber: well within its queue limit. */
    private static final int HEALTHY_LAG = 500;

    private SimpleMeterRegistry registry;
    private MqttServer server;
    private String uri;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        server = new MqttServer(MqttServerConfig.defaults().withQueueLimits(QUEUE_LIMIT, 4L * 1024 * 1024), registry);
        uri = "tcp://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    @Test
    void stalledSubscriberNeitherStallsThePublisherNorStarvesAnotherSubscriber() throws Exception {
        RawMqttClient stalled = RawMqttClient.withSmallReceiveBuffer(server.port(), 4096);
        closeables.add(stalled);
        stalled.send(RawMqttClient.connect311("stalled-hmi", 0, false));
        assertEquals(2, stalled.read(WAIT).type());
        stalled.send(RawMqttClient.subscribe(1, "alarm/#", 1));
        assertEquals(9, stalled.read(WAIT).type()); // SUBACK; from here on it reads nothing

        int[] received = {0};
        int[] outOfOrder = {0};
        MqttClient healthy = new MqttClient(uri, "healthy-hmi", new MemoryPersistence());
        closeables.add(() -> { healthy.disconnectForcibly(1000); healthy.close(); });
        healthy.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage m) {
                synchronized (received) {
                    if (ByteBuffer.wrap(m.getPayload()).getInt() != received[0]) {
                        outOfOrder[0]++;
                    }
                    received[0]++;
                    received.notifyAll();
                }
            }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        healthy.connect(options());
        healthy.subscribe("alarm/#", 1);

        MqttAsyncClient publisher = new MqttAsyncClient(uri, "alarm-engine", new MemoryPersistence());
        closeables.add(() -> { publisher.disconnectForcibly(1000); publisher.close(); });
        MqttConnectOptions publisherOptions = options();
        publisherOptions.setMaxInflight(100);
        publisher.connect(publisherOptions).waitForCompletion(WAIT.toMillis());
        Semaphore window = new Semaphore(100); // Paho refuses publishes beyond maxInflight
        byte[] payload = new byte[1024];
        for (int i = 0; i < MESSAGES; i++) {
            assertTrue(window.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS), "publisher stalled at " + i);
            awaitReceived(received, i - HEALTHY_LAG);
            ByteBuffer.wrap(payload).putInt(i);
            publisher.publish("alarm/demo/TF1/GT-101", payload.clone(), 1, false, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken t) { window.release(); }

                @Override public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken t, Throwable e) { window.release(); }
            });
        }
        assertTrue(window.tryAcquire(100, WAIT.toMillis(), TimeUnit.MILLISECONDS), "every publish acknowledged");

        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (received) {
            while (received[0] < MESSAGES && System.nanoTime() < deadline) {
                received.wait(100);
            }
        }
        assertEquals(MESSAGES, received[0], "the healthy subscriber got everything");
        assertEquals(0, outOfOrder[0], "in publish order");
        double dropped = TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "queue_full");
        assertTrue(dropped >= MESSAGES - QUEUE_LIMIT - MqttServerConfig.DEFAULT_MAX_INFLIGHT_OUTBOUND - 100,
                "drops counted, was " + dropped);
        assertTrue(TestServers.gauge(registry, "hazardgate.mqtt.queued.messages") <= QUEUE_LIMIT,
                "the stalled subscriber's queue stays within its limit");
    }

    /**
     * Holds the publisher until the healthy subscriber has taken {@code count} messages: a machine starved
     * of CPU may slow the healthy subscriber's client, which is not what this test is about, while the
     * stalled one falls behind without bound.
     */
    private static void awaitReceived(int[] received, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (received) {
            while (received[0] < count && System.nanoTime() < deadline) {
                received.wait(100);
            }
            assertTrue(received[0] >= count, "the healthy subscriber got " + received[0] + " of " + count);
        }
    }

    private static MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout((int) WAIT.toSeconds());
        o.setCleanSession(true);
        return o;
    }
}
