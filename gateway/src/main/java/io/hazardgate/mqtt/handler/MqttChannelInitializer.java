package io.hazardgate.mqtt.handler;

import io.hazardgate.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.handler.connect.KeepAlive;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * Builds each connection's pipeline. Order, head to tail, and why:
 * <ol>
 *   <li>{@code encoder}: packets → bytes, outbound only; ahead of every handler that writes so all
 *       their writes pass through it. (TLS and WebSocket framing will go in front of it.)</li>
 *   <li>{@code decoder}: bytes → packets with every limit set here; rejects an oversized packet from
 *       its fixed header before buffering the body, and marks malformed input in the decoder result.</li>
 *   <li>{@code keepAlive}: after the decoder so only whole packets count as activity; connect timeout
 *       until CONNECT, 1.5 × keep-alive after.</li>
 *   <li>{@code dispatcher}: last; handles every packet and releases it.</li>
 * </ol>
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    /** MQTT allows client ids up to the 65,535 bytes of a UTF-8 string (§1.5.3); Netty's default is 23. */
    static final int MAX_CLIENT_ID_LENGTH = 65_535;

    private final BrokerServices services;
    private final PacketHandlers handlers;
    private final ChannelGroup channels;

    public MqttChannelInitializer(BrokerServices services, ChannelGroup channels) {
        this.services = services;
        this.handlers = PacketHandlers.create(services);
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel channel) {
        MqttServerConfig config = services.config();
        channel.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()));
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
        // strict UTF-8: MQTT 3.1.1 §1.5.3-1 requires closing on ill-formed strings
        pipeline.addLast("decoder", new MqttDecoder(config.maxPacketSizeBytes(), MAX_CLIENT_ID_LENGTH, true));
        pipeline.addLast(KeepAlive.HANDLER_NAME, KeepAlive.connectTimeout(config.connectTimeout().toMillis()));
        pipeline.addLast("dispatcher", new MqttPacketDispatcher(services, handlers));
    }
}
