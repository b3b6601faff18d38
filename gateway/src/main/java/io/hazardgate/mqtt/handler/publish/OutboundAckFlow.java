package io.hazardgate.mqtt.handler.publish;

import io.hazardgate.mqtt.broker.OutboundMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's answers to messages the server delivered: PUBACK ends a QoS 1 delivery, PUBREC moves a
 * QoS 2 delivery on (the server replies PUBREL), PUBCOMP ends it (MQTT 3.1.1 §4.3). Each freed inflight
 * slot lets the session send the next waiting message. For a persistent session the PUBREL waits until
 * the PUBREC is on disk: once the client has PUBREL it forgets the packet id, and a restart that sent the
 * message again would deliver it twice.
 */
public final class OutboundAckFlow {
    /** MQTT 5 PUBREL reason code 0x92 Packet Identifier not found. */
    private static final int PACKET_ID_NOT_FOUND = 0x92;
    private static final Logger log = LoggerFactory.getLogger(OutboundAckFlow.class);

    public void pubAck(MqttConnection connection, MqttMessage message) {
        int packetId = packetId(message);
        if (!connection.session().completed(connection, packetId, OutboundMessage.State.AWAIT_PUBACK)) {
            log.debug("PUBACK for unknown packet {} from {}", packetId, connection.describe());
        }
    }

    public void pubRec(MqttConnection connection, MqttMessage message) {
        int packetId = packetId(message);
        boolean failed = reasonCode(message) >= 0x80;
        Session session = connection.session();
        if (session.received(packetId, failed)) {
            MqttMessage pubRel = MqttConnection.pubReply(MqttMessageType.PUBREL, packetId, 0, MqttProperties.NO_PROPERTIES);
            if (session.persistId() == 0) {
                connection.channel().write(pubRel);
                connection.flushAfterRead();
            } else {
                session.afterDurable(() -> connection.channel().eventLoop().execute(
                        () -> connection.channel().writeAndFlush(pubRel)), e -> connection.services().disconnector()
                        .disconnect(connection, DisconnectReason.NOT_STORED, "PUBREC not stored: " + e.getMessage()));
            }
        } else if (failed) {
            connection.wakeUp(); // the failed delivery freed an inflight slot
        } else {
            log.debug("PUBREC for unknown packet {} from {}", packetId, connection.describe());
            int code = connection.isMqtt5() ? PACKET_ID_NOT_FOUND : 0;
            connection.channel().write(MqttConnection.pubReply(MqttMessageType.PUBREL, packetId, code,
                    MqttProperties.NO_PROPERTIES));
            connection.flushAfterRead();
        }
    }

    public void pubComp(MqttConnection connection, MqttMessage message) {
        int packetId = packetId(message);
        if (!connection.session().completed(connection, packetId, OutboundMessage.State.AWAIT_PUBCOMP)) {
            log.debug("PUBCOMP for unknown packet {} from {}", packetId, connection.describe());
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    private static int reasonCode(MqttMessage message) {
        return message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                ? reply.reasonCode() & 0xFF : 0;
    }
}
