package io.hazardgate.alarm.delivery;

/** Where alarm messages are published (the gateway's MQTT broker); must not block. */
public interface AlarmOutput {
    void publish(String topic, byte[] payload, int qos, boolean retain);
}
