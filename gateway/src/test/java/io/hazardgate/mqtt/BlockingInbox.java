package io.hazardgate.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Topics a connected Paho v3 client receives on one filter, in arrival order. */
final class BlockingInbox {
    private final BlockingQueue<String> topics = new LinkedBlockingQueue<>();

    BlockingInbox(MqttClient client, String filter) throws MqttException {
        client.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) {}

            @Override public void messageArrived(String topic, MqttMessage message) { topics.add(topic); }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        client.subscribe(filter, 1);
    }

    String take() throws InterruptedException {
        String t = topics.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(t, "message expected within " + WAIT);
        return t;
    }

    String poll(long millis) throws InterruptedException {
        return topics.poll(millis, TimeUnit.MILLISECONDS);
    }
}
