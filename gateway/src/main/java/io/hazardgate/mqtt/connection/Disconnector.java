package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.broker.PublishedMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the server closes a connection, and the one place a closed connection is accounted for.
 * A misbehaving client gets the protocol's reason code where it has one (a refusing CONNACK before the
 * session exists, an MQTT 5 DISCONNECT after), a DEBUG log line, and a count by reason. Client faults
 * are never logged above DEBUG: they are the client's problem, visible in the counters.
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
            MqttProperties properties = MqttProperties.NO_PROPERTIES;
            if (detail != null && connection.problemInformation()) {
                properties = new MqttProperties();
                properties.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.REASON_STRING.value(), detail));
            }
            channel.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode((byte) reason.mqtt5Code())
                    .properties(properties).build()).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
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
        connection.channel().writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false)
                .build()).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The socket is gone, whoever closed it: count the reason, publish the will unless the client
     * disconnected normally, and leave the session to its expiry.
     */
    public void closed(MqttConnection connection) {
        boolean wasConnected = connection.isConnected() || connection.session() != null;
        connection.beginClose(DisconnectReason.CONNECTION_LOST); // no-op if a reason was already given
        DisconnectReason reason = connection.closeReason();
        BrokerServices services = connection.services();
        services.metrics().disconnect(reason.tag());
        if (!wasConnected) {
            return;
        }
        log.debug("MQTT connection {} closed: {}", connection.describe(), reason.tag());
        services.sessions().disconnected(connection.session(), connection, connection.channel().eventLoop());
        PublishedMessage will = connection.will();
        if (will != null && reason.publishesWill()) {
            services.inboundHandler().get().onWill(connection.client(), will.topic(), will.payload());
            services.router().route(will);
        }
        services.metrics().connectionClosed(); // last: a gauge at zero means every session is offline
    }
}
