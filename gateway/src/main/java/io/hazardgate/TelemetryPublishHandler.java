package io.hazardgate;

import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.mqtt.PublishAck;
import io.hazardgate.southbound.sparkplug.SparkplugHost;
import io.netty.buffer.ByteBuf;

/**
 * The MQTT server's inbound publishes into ingest: the one place a payload's Netty buffer is wrapped.
 * Sparkplug B messages of the edge nodes a site names go to the Sparkplug host first.
 */
final class TelemetryPublishHandler implements InboundPublishHandler {
    /** MQTT 5 PUBACK reason code for a payload that is not what the topic promises. */
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;

    private final TelemetryIngest ingest;
    private final SparkplugHost sparkplug;

    TelemetryPublishHandler(TelemetryIngest ingest, SparkplugHost sparkplug) {
        this.ingest = ingest;
        this.sparkplug = sparkplug;
    }

    @Override
    public boolean onPublish(ClientInfo client, String topic, ByteBuf payload, int qos, PublishAck ack) {
        if (sparkplug.takes(topic)) {
            byte[] bytes = new byte[payload.readableBytes()];
            payload.getBytes(payload.readerIndex(), bytes);
            sparkplug.onMessage(topic, bytes, new SparkplugHost.Answer() {
                @Override public void durable() { ack.accepted(); }

                @Override public void refused(String reason) { ack.rejected(PAYLOAD_FORMAT_INVALID, reason); }
            });
            return true;
        }
        return ingest.onPublish(client, topic, new NettyBytes(payload), qos, ack);
    }

    @Override
    public void onWill(ClientInfo client, String topic, byte[] payload) {
        if (sparkplug.takes(topic)) {
            // an edge node's will is its NDEATH (Sparkplug 3.0 §7.1)
            sparkplug.onMessage(topic, payload, SparkplugHost.Answer.NONE);
            return;
        }
        ingest.onWill(client, topic, payload);
    }
}
