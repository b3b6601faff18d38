package io.hazardgate.mqtt.broker;

/**
 * A client's will (MQTT 3.1.1 §3.1.2.5, MQTT 5 §3.1.3.2): the message, how long after the connection
 * is lost it is published, and its Message Expiry Interval, which starts counting only when it is
 * published (MQTT 5 §3.1.3.2.4).
 *
 * @param delaySeconds  Will Delay Interval capped by the session expiry; 0 publishes at once
 * @param expirySeconds Message Expiry Interval of the will, -1 for none
 */
public record Will(PublishedMessage message, long delaySeconds, long expirySeconds) {
    /** The message as published now. */
    public PublishedMessage publishAt(long nowNanos) {
        if (expirySeconds < 0) {
            return message;
        }
        return new PublishedMessage(message.topic(), message.payload(), message.qos(), message.retain(),
                message.properties(), message.publisherId(), nowNanos + expirySeconds * 1_000_000_000L);
    }
}
