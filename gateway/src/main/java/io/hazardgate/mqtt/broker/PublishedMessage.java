package io.hazardgate.mqtt.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;

/**
 * One application message as it travels through the broker: immutable, shared by every subscriber it
 * is delivered to (the per-subscriber QoS, packet id and flags live in {@link OutboundMessage}).
 */
public final class PublishedMessage {
    /** {@link #expiresAtNanos()} of a message without a Message Expiry Interval. */
    public static final long NEVER = Long.MAX_VALUE;

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final MqttProperties properties;
    private final String publisherId;
    private final int topicBytes;
    private final long expiresAtNanos;
    private int propertiesBytes = -1;
    /** Its id in the session store once written there; 0 before (and without persistence). */
    private volatile long persistId;

    /**
     * @param properties  the MQTT 5 properties forwarded unaltered to subscribers (MQTT 5 §3.3.2.3)
     * @param publisherId the publishing client's id, for the no-local option; null for the gateway itself
     */
    public PublishedMessage(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties,
            String publisherId) {
        this(topic, payload, qos, retain, properties, publisherId, NEVER);
    }

    /**
     * @param expiresAtNanos on the broker's nano clock, when the MQTT 5 Message Expiry Interval runs out
     *                       (MQTT 5 §3.3.2.3.3); {@link #NEVER} for none
     */
    public PublishedMessage(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties,
            String publisherId, long expiresAtNanos) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.properties = properties == null ? MqttProperties.NO_PROPERTIES : properties;
        this.publisherId = publisherId;
        this.topicBytes = ByteBufUtil.utf8Bytes(topic);
        this.expiresAtNanos = expiresAtNanos;
    }

    public String topic() { return topic; }

    /** Shared, never modified. */
    public byte[] payload() { return payload; }

    public int qos() { return qos; }

    public boolean retain() { return retain; }

    public MqttProperties properties() { return properties; }

    public String publisherId() { return publisherId; }

    public int topicBytes() { return topicBytes; }

    public long expiresAtNanos() { return expiresAtNanos; }

    public boolean hasExpiry() { return expiresAtNanos != NEVER; }

    public boolean isExpired(long nowNanos) { return expiresAtNanos != NEVER && nowNanos - expiresAtNanos >= 0; }

    /**
     * MQTT 5 §3.3.2.3.3: what a subscriber is told is the received interval minus the time the message
     * waited here, rounded up so that a message still deliverable never says 0.
     */
    public long remainingExpirySeconds(long nowNanos) {
        long left = expiresAtNanos - nowNanos;
        return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
    }

    /** Encoded length of the forwarded properties (without the length prefix), computed once. */
    public int forwardedPropertiesBytes() {
        int n = propertiesBytes;
        if (n < 0) {
            n = PacketSizes.propertiesBytes(properties);
            propertiesBytes = n;
        }
        return n;
    }

    /** Its id in the session store, 0 while it has none. */
    public long persistId() { return persistId; }

    /** Gives the message its session-store id; the first one given stays. */
    public synchronized long persistId(java.util.function.LongSupplier next) {
        if (persistId == 0) {
            persistId = next.getAsLong();
        }
        return persistId;
    }

    /** What the message costs a queue: payload plus topic bytes. */
    public long sizeBytes() { return (long) payload.length + topicBytes; }

    /** The same message without the retain flag. */
    public PublishedMessage withRetain(boolean newRetain) {
        return newRetain == retain ? this
                : new PublishedMessage(topic, payload, qos, newRetain, properties, publisherId, expiresAtNanos);
    }

    @Override
    public String toString() {
        return "PublishedMessage[topic=" + topic + ", qos=" + qos + ", retain=" + retain
                + ", bytes=" + payload.length + "]";
    }
}
