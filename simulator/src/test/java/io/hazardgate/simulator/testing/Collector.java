package io.hazardgate.simulator.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho subscriber that keeps every message it receives, for tests to inspect. */
public final class Collector implements AutoCloseable {
    /** One received message. */
    public record Received(String topic, byte[] payload) {}

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public Collector(String url, String filter) throws MqttException {
        client = new MqttClient(url, "test-collector-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // A test that loses its subscriber sees missing messages.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (received.size() < count && System.nanoTime() < deadline) Thread.sleep(10);
        return received.size();
    }

    /** Waits until no message has arrived for {@code quietMillis}; returns the count. */
    public int awaitQuiet(long quietMillis, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int last = -1;
        while (System.nanoTime() < deadline) {
            int n = received.size();
            if (n == last) return n;
            last = n;
            Thread.sleep(quietMillis);
        }
        return received.size();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) client.disconnect();
        client.close();
    }
}
