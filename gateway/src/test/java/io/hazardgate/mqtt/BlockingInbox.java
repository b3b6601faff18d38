package io.hazardgate.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Messages a connected Paho v3 client receives on one filter, in arrival order. */
final class BlockingInbox {
    record Message(String topic, String payload) {}

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();

    BlockingInbox(MqttClient client, String filter) throws MqttException {
        client.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage message) {
                messages.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
            }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        client.subscribe(filter, 1);
    }

    /** The next message's topic. */
    String take() throws InterruptedException { return takeMessage().topic(); }

    Message takeMessage() throws InterruptedException {
        Message m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(m, "message expected within " + WAIT);
        return m;
    }

    String poll(long millis) throws InterruptedException {
        Message m = messages.poll(millis, TimeUnit.MILLISECONDS);
        return m == null ? null : m.topic();
    }
}
