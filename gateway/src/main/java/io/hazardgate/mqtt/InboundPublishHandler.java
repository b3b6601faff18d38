package io.hazardgate.mqtt;

import io.netty.buffer.ByteBuf;

/**
 * Where inbound PUBLISH packets go before the broker routes them to subscribers. The gateway's wiring
 * implements it to hand telemetry topics to ingest; the transport knows nothing of what the payload
 * means.
 */
public interface InboundPublishHandler {
    /**
     * Called on the publishing channel's event loop; must not block.
     *
     * @param payload valid for the duration of the call only; retain a slice to keep it
     * @param ack     for QoS ≥ 1, to be completed exactly once when the message is safe or refused
     * @return true when the handler took the message and will complete {@code ack}; false to let the
     *     broker acknowledge it itself
     */
    boolean onPublish(ClientInfo client, String topic, ByteBuf payload, int qos, PublishAck ack);

    /**
     * The server is about to publish {@code client}'s will message (MQTT 3.1.1 §3.1.2.5: its connection
     * was lost without a DISCONNECT). Subscribers receive the will regardless; this lets the gateway
     * itself notice it. Called on the connection's event loop; must not block.
     */
    default void onWill(ClientInfo client, String topic, byte[] payload) {}

    InboundPublishHandler NONE = (client, topic, payload, qos, ack) -> false;
}
