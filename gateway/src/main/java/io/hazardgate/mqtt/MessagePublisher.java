package io.hazardgate.mqtt;

/**
 * Publishes a message from inside the gateway to the MQTT subscribers whose filters match, exactly as
 * if a client had published it (retained messages are stored; QoS is downgraded per subscription).
 * Safe to call from any thread; never blocks.
 */
public interface MessagePublisher {
    void publish(String topic, byte[] payload, int qos, boolean retain);
}
