package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.Will;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one way the server closes a connection, and the one place a closed connection is accounted for.
 * A misbehaving client gets the protocol's reason code where it has one (a refusing CONNACK before the
 * session exists, an MQTT 5 DISCONNECT after), a DEBUG log line, and a count by reason. Client faults
 * are never logged above DEBUG: they are the client's problem, visible in the counters.
 *
 * <p>The packet that says why must reach a client that is still sending: after it is flushed the server
 * half-closes (plain TCP: the client reads the packet, then end of stream), reads and discards whatever
 * else arrives, and closes when the client does or after the connect timeout. Closing at once with
 * unread input would reset the connection and lose the packet in the client's TCP stack.
 */
public final class Disconnector {
    private static final Logger log = LoggerFactory.getLogger(Disconnector.class);

    /** Closes the connection for {@code reason}; safe from any thread, effective once. */
    public void disconnect(MqttConnection connection, DisconnectReason reason, String detail) {
        Channel channel = connection.channel();
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> disconnect(connection, reason, detail));
            return;
        }
        boolean wasConnected = connection.isConnected();
        if (!connection.beginClose(reason)) {
            return;
        }
        log.debug("Closing MQTT connection {}: {} ({})", connection.describe(), reason.tag(), detail);
        if (wasConnected && connection.isMqtt5() && reason.mqtt5Code() >= 0 && channel.isActive()) {
            MqttProperties properties = connection.problemInformation()
                    ? Mqtt5Properties.reasonString(detail) : MqttProperties.NO_PROPERTIES;
            ChannelFuture sent = channel.writeAndFlush(MqttMessageBuilders.disconnect()
                    .reasonCode((byte) reason.mqtt5Code()).properties(properties).build());
            if (reason == DisconnectReason.SERVER_SHUTTING_DOWN) {
                sent.addListener(ChannelFutureListener.CLOSE); // the server is going: no lingering
            } else {
                closeAfter(connection, sent);
            }
        } else if (reason == DisconnectReason.SERVER_BUSY || reason == DisconnectReason.NOT_STORED) {
            // the acknowledgements written before the refused publish go out first, or the client would send
            // again what was taken (MQTT 3.1.1 has no negative acknowledgement: the close is the answer)
            closeAfter(connection, channel.writeAndFlush(Unpooled.EMPTY_BUFFER));
        } else {
            channel.close();
        }
    }

    /**
     * Closes once {@code sent} is written, letting the client read it first: discards further input,
     * half-closes a plain TCP connection, and closes when the client does or the connect timeout passes.
     */
    private static void closeAfter(MqttConnection connection, ChannelFuture sent) {
        Channel channel = connection.channel();
        if (channel.pipeline().get(DiscardInbound.NAME) == null) {
            channel.pipeline().addFirst(DiscardInbound.NAME, DiscardInbound.INSTANCE);
        }
        connection.refreshAutoRead(); // a closing connection reads (and discards), whatever paused it
        long linger = connection.services().config().connectTimeout().toMillis();
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            channel.close();
        }, linger, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
        sent.addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            } else if (channel instanceof SocketChannel socket && channel.pipeline().get(SslHandler.class) == null
                    && !connection.listener().isWebSocket()) {
                socket.shutdownOutput(); // FIN after the packet: the client reads it, then end of stream
            }
        });
    }

    /**
     * Refuses a CONNECT with a CONNACK return code (MQTT 3.1.1 §3.2.2.3) or reason code (MQTT 5
     * §3.2.2.2), then closes (MQTT 3.1.1 §3.2.2-5).
     */
    public void refuse(MqttConnection connection, MqttConnectReturnCode code, String outcome, String detail) {
        if (!connection.beginClose(DisconnectReason.CONNECT_REFUSED)) {
            return;
        }
        connection.services().metrics().connect(outcome);
        log.debug("Refused CONNECT from {}: {} ({})", connection.describe(), outcome, detail);
        MqttMessageBuilders.ConnAckBuilder connAck = MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false);
        if (connection.isMqtt5() && detail != null) {
            connAck.properties(p -> p.reasonString(detail));
        }
        closeAfter(connection, connection.channel().writeAndFlush(connAck.build()));
    }

    /**
     * The socket is gone, whoever closed it: count the reason, publish the will unless the client
     * disconnected normally, and leave the session to its expiry.
     */
    public void closed(MqttConnection connection) {
        boolean accepted = connection.client() != null; // CONNACK sent (a bound session may still await it)
        connection.beginClose(DisconnectReason.CONNECTION_LOST); // no-op if a reason was already given
        DisconnectReason reason = connection.closeReason();
        BrokerServices services = connection.services();
        services.metrics().disconnect(reason.tag());
        Session session = connection.session();
        if (session == null) {
            return;
        }
        log.debug("MQTT connection {} closed: {}", connection.describe(), reason.tag());
        Will will = connection.will();
        services.sessions().disconnected(session, connection);
        if (!accepted) {
            return;
        }
        if (will != null && reason.publishesWill()) {
            publishWill(services, session, will, connection);
        } else if (will != null) {
            session.clearWill(will);
        }
        services.metrics().connectionClosed(); // last: a gauge at zero means every session is offline
    }

    /**
     * MQTT 5 §3.1.3.2.2: a will with a delay waits, and is not sent if the client reconnects to the session
     * in time; without one (and always in MQTT 3.1.1) it goes now.
     */
    private static void publishWill(BrokerServices services, Session session, Will will, MqttConnection connection) {
        if (will.delaySeconds() == 0) {
            sendWill(services, will, connection);
            session.clearWill(will);
        } else {
            // sent after the delay, or now if the session already ended, or never if it was resumed
            session.deferWill(will, connection.channel().eventLoop(), w -> sendWill(services, w, connection));
        }
    }

    /** The gateway notices the will (a data logger gone offline) as it goes out to subscribers. */
    private static void sendWill(BrokerServices services, Will will, MqttConnection connection) {
        PublishedMessage m = will.message();
        services.inboundHandler().get().onWill(connection.client(), m.topic(), m.payload());
        services.router().route(will.publishAt(services.nanoClock().getAsLong()));
    }
}
