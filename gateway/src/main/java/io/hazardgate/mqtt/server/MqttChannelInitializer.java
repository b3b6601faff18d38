package io.hazardgate.mqtt.server;

import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.handler.MqttPacketDispatcher;
import io.hazardgate.mqtt.handler.PacketHandlers;
import io.hazardgate.mqtt.handler.connect.KeepAlive;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.hazardgate.mqtt.handler.transport.HttpNotFoundHandler;
import io.hazardgate.mqtt.handler.transport.PartialPacketGuard;
import io.hazardgate.mqtt.handler.transport.WebSocketOriginCheck;
import io.hazardgate.mqtt.handler.transport.WebSocketFrameCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds each connection's pipeline. Order, head to tail, and why:
 * <ol>
 *   <li>{@code tls} (TLS listeners): first, so everything after it sees plain bytes and the client
 *       certificate is verified before any MQTT is read.</li>
 *   <li>{@code http}, {@code httpAggregator}, {@code origin}, {@code webSocket}, {@code notFound},
 *       {@code wsFrames} (WebSocket listeners): an upgrade from a browser page whose {@code Origin} is not
 *       listed is refused before anything else; then the upgrade on the configured path with subprotocol
 *       {@code mqtt}, then binary frames ↔ the byte stream MQTT is decoded from; any other HTTP request
 *       gets 404.</li>
 *   <li>{@code encoder}: packets → bytes, outbound only; ahead of every handler that writes so all
 *       their writes pass through it.</li>
 *   <li>{@code partialPackets}: follows packet boundaries and holds the bytes of unfinished packets, all
 *       connections together, to their budget; right before the decoder, since those are the bytes the
 *       decoder buffers.</li>
 *   <li>{@code decoder}: bytes → packets with every limit set here; rejects an oversized packet from
 *       its fixed header before buffering the body, and marks malformed input in the decoder result.</li>
 *   <li>{@code keepAlive}: after the decoder so only whole packets count as activity; connect timeout
 *       until CONNECT, 1.5 × keep-alive after.</li>
 *   <li>{@code dispatcher}: last; handles every packet and releases it.</li>
 * </ol>
 * A connection beyond the per-IP rate limit is closed before any of this is built.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {
    private static final Logger log = LoggerFactory.getLogger(MqttChannelInitializer.class);
    /** MQTT allows client ids up to the 65,535 bytes of a UTF-8 string (§1.5.3); Netty's default is 23. */
    static final int MAX_CLIENT_ID_LENGTH = 65_535;
    /** The WebSocket upgrade request is small; this bounds what an HTTP client can make us buffer. */
    private static final int MAX_HTTP_REQUEST_BYTES = 16 * 1024;
    /** Subprotocols offered: {@code mqtt} (MQTT 3.1.1 §6, MQTT 5 §6) and the name some MQTT 3.1 clients use. */
    private static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private final BrokerServices services;
    private final PacketHandlers handlers;
    private final ChannelGroup channels;
    private final MqttListener listener;
    private final SslContext tls;

    public MqttChannelInitializer(BrokerServices services, ChannelGroup channels) {
        this(services, channels, MqttListener.tcp("127.0.0.1", 0, true), null);
    }

    /** @param tls the listener's TLS context, null for a plain listener */
    public MqttChannelInitializer(BrokerServices services, ChannelGroup channels, MqttListener listener, SslContext tls) {
        this.services = services;
        this.handlers = PacketHandlers.create(services);
        this.channels = channels;
        this.listener = listener;
        this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress remote
                && !services.rateLimiter().tryAcquire(remote.getAddress())) {
            services.metrics().rateLimited();
            log.debug("Closing connection from {}: more than {} per second from that address", remote,
                    services.config().maxConnectionsPerSecondPerIp());
            channel.close();
            return;
        }
        MqttServerConfig config = services.config();
        channel.config().setWriteBufferWaterMark(
                new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()));
        channels.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        if (listener.isWebSocket()) {
            pipeline.addLast("http", new HttpServerCodec());
            pipeline.addLast("httpAggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES));
            pipeline.addLast("origin", new WebSocketOriginCheck(listener.allowedOrigins(),
                    services.metrics()::originNotAllowed));
            pipeline.addLast("webSocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                    .websocketPath(listener.path())
                    .subprotocols(SUBPROTOCOLS)
                    .maxFramePayloadLength(config.maxPacketSizeBytes())
                    .handshakeTimeoutMillis(config.connectTimeout().toMillis())
                    .allowExtensions(false)
                    .build()));
            pipeline.addLast("notFound", new HttpNotFoundHandler());
            pipeline.addLast("wsFrames", new WebSocketFrameCodec());
        }
        pipeline.addLast("encoder", MqttEncoder.INSTANCE);
        pipeline.addLast(PartialPacketGuard.NAME, new PartialPacketGuard(services.partialPackets(), ctx -> {
            MqttConnection connection = ctx.channel().attr(MqttPacketDispatcher.CONNECTION).get();
            services.disconnector().disconnect(connection, DisconnectReason.PARTIAL_PACKET_BUDGET,
                    "unfinished packets of all connections at their limit of " + config.maxPartialPacketBytes() + " bytes");
        }));
        // strict UTF-8: MQTT 3.1.1 §1.5.3-1 requires closing on ill-formed strings
        pipeline.addLast("decoder", new MqttDecoder(config.maxPacketSizeBytes(), MAX_CLIENT_ID_LENGTH, true));
        pipeline.addLast(KeepAlive.HANDLER_NAME, KeepAlive.connectTimeout(config.connectTimeout().toMillis()));
        pipeline.addLast("dispatcher", new MqttPacketDispatcher(services, handlers, listener));
    }
}
