package io.hazardgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Paho v3 clients for tests: a subscriber that queues what arrives, and a publisher. */
public final class Mqtt {
    private Mqtt() {}

    /** A received message. */
    public record Received(String topic, String payload, boolean retained, int qos) {}

    /** A connected client whose arrivals land in {@link #received}. */
    public static final class Client implements AutoCloseable {
        public final MqttClient paho;
        public final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        /** The CONNACK's Session Present flag. */
        public boolean sessionPresent;

        Client(MqttClient paho) { this.paho = paho; }

        public Client subscribe(String filter, int qos) throws MqttException {
            paho.subscribe(filter, qos);
            return this;
        }

        public void publish(String topic, String payload, int qos) throws MqttException {
            paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
        }

        /** The next message whose topic starts with {@code prefix}, skipping others; fails after 10 s. */
        public Received next(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                Received r = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) throw new AssertionError("no message on " + prefix + "… within 10 s");
                if (r.topic().startsWith(prefix)) return r;
            }
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) paho.disconnect(2000);
            paho.close();
        }
    }

    public static Client connect(int port, String clientId) throws MqttException {
        return connect(port, clientId, true);
    }

    /** A client with a persistent session (clean session 0): the server keeps it, and what it misses, while it is away. */
    public static Client connectPersistent(int port, String clientId) throws MqttException {
        return connect(port, clientId, false);
    }

    private static Client connect(int port, String clientId, boolean cleanSession) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        Client client = new Client(c);
        c.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage m) {
                client.received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.isRetained(), m.getQos()));
            }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(10);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.sessionPresent = c.connectWithResult(o).getSessionPresent();
        return client;
    }
}
