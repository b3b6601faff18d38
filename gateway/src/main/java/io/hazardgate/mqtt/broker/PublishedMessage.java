package io.hazardgate.mqtt.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * One application message as it travels through the broker: immutable, shared by every subscriber it
 * is delivered to (the per-subscriber QoS, packet id and flags live in {@link OutboundMessage}).
 */
public final class PublishedMessage {
    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final MqttProperties properties;
    private final String publisherId;
    private final int topicBytes;

    /**
     * @param properties  the MQTT 5 properties forwarded unaltered to subscribers (MQTT 5 §3.3.2.3)
     * @param publisherId the publishing client's id, for the no-local option; null for the gateway itself
     */
    public PublishedMessage(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties,
            String publisherId) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties == null ? MqttProperties.NO_PROPERTIES : properties;
        this.publisherId = publisherId;
        this.topicBytes = ByteBufUtil.utf8Bytes(topic);
    }

    public String topic() { return topic; }

    /** Shared, never modified. */
    public byte[] payload() { return payload; }

    public int qos() { return qos; }

    public boolean retain() { return retain; }

    public MqttProperties properties() { return properties; }

    public String publisherId() { return publisherId; }

    /** What the message costs a queue: payload plus topic bytes. */
    public long sizeBytes() { return (long) payload.length + topicBytes; }

    /**
     * Encoded PUBLISH size without properties, for a client's Maximum Packet Size: fixed header (at most
     * 5), topic length prefix and bytes, packet id, payload.
     */
    public long encodedSizeEstimate() { return 5L + 2 + topicBytes + 2 + payload.length; }

    /** The same message without the retain flag. */
    public PublishedMessage withRetain(boolean newRetain) {
        return newRetain == retain ? this
                : new PublishedMessage(topic, payload, qos, newRetain, properties, publisherId);
    }

    @Override
    public String toString() {
        return "PublishedMessage[topic=" + topic + ", qos=" + qos + ", retain=" + retain
                + ", bytes=" + payload.length + "]";
    }
}
