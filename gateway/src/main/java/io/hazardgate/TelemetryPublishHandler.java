package io.hazardgate;

import io.hazardgate.ingest.TelemetryIngest;
import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.mqtt.PublishAck;
import io.netty.buffer.ByteBuf;

/** The MQTT server's inbound publishes into ingest: the one place a payload's Netty buffer is wrapped. */
final class TelemetryPublishHandler implements InboundPublishHandler {
    private final TelemetryIngest ingest;

    TelemetryPublishHandler(TelemetryIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public boolean onPublish(ClientInfo client, String topic, ByteBuf payload, int qos, PublishAck ack) {
        return ingest.onPublish(client, topic, new NettyBytes(payload), qos, ack);
    }

    @Override
    public void onWill(ClientInfo client, String topic, byte[] payload) {
        ingest.onWill(client, topic, payload);
    }
}
