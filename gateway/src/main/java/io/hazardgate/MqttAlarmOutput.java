package io.hazardgate;

import io.hazardgate.alarm.delivery.AlarmOutput;
import io.hazardgate.mqtt.MessagePublisher;
import java.util.concurrent.CompletableFuture;

/** Alarm delivery into the MQTT broker, with its session store's durability and start-up republishing. */
record MqttAlarmOutput(MessagePublisher publisher) implements AlarmOutput {
    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        publisher.publish(topic, payload, qos, retain);
    }

    @Override
    public CompletableFuture<Void> persisted() { return publisher.persisted(); }

    @Override
    public void republish(String topic, byte[] payload, int qos, boolean retain) {
        publisher.republish(topic, payload, qos, retain);
    }

    @Override
    public byte[] retained(String topic) { return publisher.retained(topic); }
}
