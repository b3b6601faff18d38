package io.hazardgate.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A Paho MQTT 5 client for tests: what arrives lands in {@link #inbox}, disconnects in {@link #disconnects}. */
public final class Paho5 implements AutoCloseable {
    /** A received message with its properties. */
    public record Received(String topic, String payload, int qos, boolean retained, MqttProperties properties) {}

    public final MqttAsyncClient client;
    public final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    public final BlockingQueue<MqttDisconnectResponse> disconnects = new LinkedBlockingQueue<>();
    public IMqttToken connectToken;

    private Paho5(MqttAsyncClient client) {
        this.client = client;
    }

    public static Paho5 connect(String uri, String clientId, Consumer<MqttConnectionOptions> options) throws MqttException {
        Paho5 p = new Paho5(new MqttAsyncClient(uri, clientId, new MemoryPersistence()));
        p.client.setCallback(new MqttCallback() {
            @Override public void disconnected(MqttDisconnectResponse response) { p.disconnects.add(response); }

            @Override public void mqttErrorOccurred(MqttException exception) {}

            @Override public void messageArrived(String topic, MqttMessage m) {
                p.inbox.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                        m.isRetained(), m.getProperties()));
            }

            @Override public void deliveryComplete(IMqttToken token) {}

            @Override public void connectComplete(boolean reconnect, String serverURI) {}

            @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout((int) WAIT.toSeconds());
        o.setAutomaticReconnect(false);
        options.accept(o);
        p.connectToken = p.client.connect(o);
        p.connectToken.waitForCompletion(WAIT.toMillis());
        return p;
    }

    public static Paho5 connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, o -> { });
    }

    public Received take() throws InterruptedException {
        Received r = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "message expected within " + WAIT);
        return r;
    }

    /** Waits for a token and returns its reason codes, whether Paho completes it normally or with an error. */
    public static int[] codes(IMqttToken token) {
        try {
            token.waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            // Paho surfaces error reason codes as exceptions; the codes are what matters
        }
        return token.getReasonCodes();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(WAIT.toMillis());
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
