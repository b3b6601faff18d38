package io.hazardgate.mqtt.handler;

import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.ConnectionState;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.hazardgate.mqtt.handler.connect.ConnectSettled;
import io.hazardgate.mqtt.handler.connect.KeepAlive;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The last inbound handler: checks the decoder's verdict first, enforces that CONNECT comes first, and
 * hands each packet to its flow. Packets that arrive behind a CONNECT whose credentials are still
 * being checked wait (retained) until it is settled. Every message is released here, in a finally,
 * whatever happens, or when the connection closes for those still waiting.
 */
public final class MqttPacketDispatcher extends ChannelInboundHandlerAdapter {
    /** Lets the server reach each connection, e.g. to say goodbye on shutdown. */
    public static final AttributeKey<MqttConnection> CONNECTION = AttributeKey.valueOf("hazardgate.mqtt.connection");
    private static final MqttMessage PINGRESP =
            new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    /** Packets a client may pipeline behind its CONNECT before the server must have answered. */
    static final int MAX_WAITING_PACKETS = 256;

    private final BrokerServices services;
    private final PacketHandlers handlers;
    private final MqttListener listener;
    private final ArrayDeque<MqttMessage> waiting = new ArrayDeque<>();
    private MqttConnection connection;

    public MqttPacketDispatcher(BrokerServices services, PacketHandlers handlers, MqttListener listener) {
        this.services = services;
        this.handlers = handlers;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection = new MqttConnection(ctx.channel(), services, listener);
        ctx.channel().attr(CONNECTION).set(connection);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.refreshAutoRead(); // a connection accepted while inbound is paused waits too
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage message && connection.state() == ConnectionState.AUTHENTICATING) {
            if (waiting.size() >= MAX_WAITING_PACKETS) {
                ReferenceCountUtil.release(msg);
                services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                        "more than " + MAX_WAITING_PACKETS + " packets sent before CONNACK");
            } else {
                waiting.addLast(message); // released when replayed or when the connection closes
            }
            return;
        }
        try {
            connection.readStarted();
            if (msg instanceof MqttMessage message && connection.state() != ConnectionState.CLOSING) {
                dispatch(message);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** CONNECT accepted: what the client sent behind it is handled now, in order. */
    private void replayWaiting() {
        connection.readStarted();
        try {
            while (!waiting.isEmpty()) {
                MqttMessage message = waiting.pollFirst();
                try {
                    if (connection.state() == ConnectionState.CONNECTED) {
                        dispatch(message);
                    }
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
        } finally {
            connection.readComplete();
        }
    }

    private void releaseWaiting() {
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.pollFirst());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.readComplete();
    }

    private void dispatch(MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            decodeFailed(message, message.decoderResult().cause());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (connection.state() == ConnectionState.AWAIT_CONNECT && type != MqttMessageType.CONNECT) {
            // MQTT 3.1.1 §3.1.0-1: the first packet from the client must be CONNECT
            services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                    type + " before CONNECT");
            return;
        }
        switch (type) {
            case CONNECT -> handlers.connect().handle(connection, (MqttConnectMessage) message);
            case PUBLISH -> handlers.inboundPublish().publish(connection, (MqttPublishMessage) message);
            case PUBACK -> handlers.outboundAcks().pubAck(connection, message);
            case PUBREC -> handlers.outboundAcks().pubRec(connection, message);
            case PUBREL -> handlers.inboundPublish().release(connection, message);
            case PUBCOMP -> handlers.outboundAcks().pubComp(connection, message);
            case SUBSCRIBE -> handlers.subscribe().handle(connection, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> handlers.unsubscribe().handle(connection, (MqttUnsubscribeMessage) message);
            case PINGREQ -> {
                connection.channel().write(PINGRESP);
                connection.flushAfterRead();
            }
            case DISCONNECT -> handlers.disconnect().handle(connection, message);
            // server-to-client packets, and AUTH (no enhanced authentication offered)
            default -> services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                    "unexpected " + type + " from client");
        }
    }

    /** The decoder rejected the bytes; after this it discards everything, so the connection must go. */
    private void decodeFailed(MqttMessage message, Throwable cause) {
        boolean beforeConnect = connection.state() == ConnectionState.AWAIT_CONNECT;
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (beforeConnect && cause instanceof MqttUnacceptableProtocolVersionException) {
            services.disconnector().refuse(connection,
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "unacceptable_protocol_version", detail);
        } else if (beforeConnect && cause instanceof MqttIdentifierRejectedException) {
            boolean v5 = message.variableHeader() instanceof MqttConnectVariableHeader header && header.version() == 5;
            services.disconnector().refuse(connection, v5
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "identifier_rejected", detail);
        } else {
            boolean tooLarge = cause instanceof TooLongFrameException;
            DisconnectReason reason = tooLarge ? DisconnectReason.PACKET_TOO_LARGE : DisconnectReason.MALFORMED_PACKET;
            if (beforeConnect) {
                services.metrics().connect(reason.tag());
            }
            services.disconnector().disconnect(connection, reason, detail);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ConnectSettled.INSTANCE) {
            replayWaiting();
        } else if (event instanceof IdleStateEvent) {
            if (pausedByServer(ctx)) {
                return; // the client may well have sent PINGREQs that the server itself did not read
            }
            boolean beforeConnect = connection.state() == ConnectionState.AWAIT_CONNECT;
            services.disconnector().disconnect(connection,
                    beforeConnect ? DisconnectReason.CONNECT_TIMEOUT : DisconnectReason.KEEP_ALIVE_TIMEOUT,
                    beforeConnect ? "no CONNECT in time" : "nothing received for 1.5 x keep-alive");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
    }

    private boolean pausedByServer(ChannelHandlerContext ctx) {
        if (!(ctx.pipeline().get(KeepAlive.HANDLER_NAME) instanceof IdleStateHandler idle)) {
            return false;
        }
        return services.inboundGate().pausedWithin(services.nanoClock().getAsLong(),
                TimeUnit.MILLISECONDS.toNanos(idle.getReaderIdleTimeInMillis()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        services.disconnector().closed(connection);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // socket errors (reset by peer and the like) are the network's or the client's doing
        services.disconnector().disconnect(connection, DisconnectReason.CONNECTION_LOST, String.valueOf(cause));
    }
}
