package io.hazardgate.simulator.testing;

import io.hazardgate.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho subscriber that keeps every message it receives, for tests to inspect. */
public final class Collector implements AutoCloseable {
    private static final String SENTINEL = "collector-sentinel-";

    /** One received message. */
    public record Received(String topic, byte[] payload) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> sentinelsSeen = ConcurrentHashMap.newKeySet();

    public Collector(String url, String filter) throws MqttException {
        client = new MqttClient(url, "test-collector-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // A test that loses its subscriber sees missing messages.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                String text = new String(message.getPayload(), StandardCharsets.UTF_8);
                if (text.startsWith(SENTINEL)) sentinelsSeen.add(text);
                else received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Publishes nothing.
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(30);
        client.connect(o);
        client.subscribe(filter, 1);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} messages have arrived or the generous timeout passes; returns the count. */
    public int awaitCount(int count, long timeoutSeconds) throws InterruptedException {
        try {
            Await.until(count + " messages", Duration.ofSeconds(timeoutSeconds), () -> received.size() >= count);
        } catch (AssertionError timedOut) {
            // the caller's assertion shows how many came
        }
        return received.size();
    }

    /**
     * Publishes a sentinel on {@code topic}, which this collector's filter must match, and waits for it:
     * whatever the broker routed before it has arrived by then, so what did not arrive will not. The
     * sentinel itself is not kept. Returns the count.
     */
    public int awaitSentinel(String topic) throws Exception {
        String token = SENTINEL + System.nanoTime();
        client.publish(topic, token.getBytes(StandardCharsets.UTF_8), 1, false);
        Await.until("the sentinel on " + topic, () -> sentinelsSeen.contains(token));
        return received.size();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) client.disconnect();
        client.close();
    }
}
