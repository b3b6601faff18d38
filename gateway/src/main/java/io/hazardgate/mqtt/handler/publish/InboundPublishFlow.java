package io.hazardgate.mqtt.handler.publish;

import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.mqtt.PublishAck;
import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.SessionJournal;
import io.hazardgate.mqtt.broker.TopicFilters;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Mqtt5Properties;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from a client (QoS 0, 1 and 2) and its PUBREL. The {@link InboundPublishHandler} sees every
 * message first and may take over its acknowledgement; then the broker routes it to subscribers. A
 * QoS 2 packet id is remembered until PUBREL so a redelivered PUBLISH is acknowledged but not
 * processed twice (MQTT 3.1.1 §4.3.3, method B). What must survive a restart is on disk before it is
 * acknowledged: a message retained or queued for a persistent session (the PUBACK/PUBREC waits for the
 * session store too), and, for a persistent session, the QoS 2 packet id before PUBREC and its release
 * before PUBCOMP. Plain telemetry waits for nothing of the session store.
 */
public final class InboundPublishFlow {
    /** MQTT 5 PUBACK/PUBREC reason code 0x80 Unspecified error. */
    private static final int UNSPECIFIED_ERROR = 0x80;
    /** MQTT 5 PUBACK/PUBREC reason code 0x87 Not authorized. */
    private static final int NOT_AUTHORIZED = 0x87;
    /** Never sent: an MQTT 3.1.1 refusal closes the connection instead (MQTT 5 would say 0x97 Quota exceeded). */
    private static final int SERVER_BUSY = 0x97;
    /** MQTT 5 PUBCOMP reason code 0x92 Packet Identifier not found. */
    private static final int PACKET_ID_NOT_FOUND = 0x92;
    private static final Logger log = LoggerFactory.getLogger(InboundPublishFlow.class);

    private final BrokerServices services;

    public InboundPublishFlow(BrokerServices services) {
        this.services = services;
    }

    public void publish(MqttConnection connection, MqttPublishMessage publish) {
        MqttPublishVariableHeader header = publish.variableHeader();
        int qos = publish.fixedHeader().qosLevel().value();
        MqttProperties properties = header.properties();
        boolean v5 = connection.isMqtt5();
        String topic = header.topicName();
        if (v5) {
            if (Mqtt5Properties.has(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER)) {
                // MQTT 5 §3.3.4-6: only the server puts Subscription Identifiers in a PUBLISH
                services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                        "Subscription Identifier in a PUBLISH from the client");
                return;
            }
            topic = connection.resolveTopic(topic, Mqtt5Properties.has(properties, MqttPropertyType.TOPIC_ALIAS)
                    ? (int) Mqtt5Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS, 0) : MqttConnection.NO_ALIAS);
            if (topic == null) {
                return; // disconnected for a bad alias
            }
        }
        if (!TopicFilters.isValidTopicName(topic)) {
            services.disconnector().disconnect(connection, v5 ? DisconnectReason.PROTOCOL_ERROR
                    : DisconnectReason.MALFORMED_PACKET, "invalid topic name '" + topic + "'");
            return;
        }
        Session session = connection.session();
        int packetId = header.packetId();
        if (v5 && qos > 0 && overReceiveMaximum(connection, session, qos, packetId)) {
            services.disconnector().disconnect(connection, DisconnectReason.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + services.config().maxInflightInbound() + " unacknowledged QoS 1/2 publishes");
            return;
        }
        services.metrics().received(qos);
        if (!services.accessPolicy().get().mayPublish(connection.principal(), topic)) {
            denied(connection, topic, qos, packetId);
            return;
        }
        if (qos > 0 && !v5 && connection.inboundAcks().hasRefused()) {
            // an earlier publish was refused and this connection closes once its turn comes: the client sends
            // that one again and everything after it, in order, so this one is not taken either
            PublishAck refusedToo = connection.inboundAcks().open(packetId, qos == 2);
            refusedToo.retryLater(SERVER_BUSY, "an earlier message on this connection was refused; send both again");
            return;
        }
        PublishAck ack;
        switch (qos) {
            case 0 -> ack = PublishAck.NONE;
            case 1 -> ack = connection.inboundAcks().open(packetId, false);
            default -> {
                if (!session.qos2Arrived(packetId)) {
                    // a resent QoS 2 PUBLISH: acknowledge again once, never deliver twice
                    if (!connection.inboundAcks().awaitsPubRec(packetId)) {
                        connection.inboundAcks().open(packetId, true).accepted();
                    }
                    return;
                }
                ack = connection.inboundAcks().open(packetId, true);
            }
        }
        if (qos > 0) {
            connection.inboundAcks().hold(ack); // until routing has said whether the session store must have it too
        }
        try {
            int payloadStart = publish.payload().readerIndex();
            offerToHandler(connection, topic, publish, qos, ack);
            publish.payload().readerIndex(payloadStart); // whatever the handler read, subscribers get it all
            long expiresAt = PublishedMessage.NEVER;
            if (v5 && Mqtt5Properties.has(properties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL)) {
                long seconds = Mqtt5Properties.integer(properties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, 0);
                expiresAt = services.nanoClock().getAsLong() + seconds * 1_000_000_000L;
            }
            SessionJournal.FanOut kept = services.router().routeInbound(topic, publish.payload(), qos,
                    publish.fixedHeader().isRetain(), v5 ? Mqtt5Properties.forwarded(properties) : MqttProperties.NO_PROPERTIES,
                    connection.client().clientId(), expiresAt);
            if (qos > 0 && kept != null) {
                connection.inboundAcks().alsoWaitFor(ack, kept::whenDurable);
            }
            if (qos == 2 && session.persistId() != 0) {
                // MQTT 3.1.1 §4.3.3: the id must outlive a restart, or a resent PUBLISH would be delivered twice
                connection.inboundAcks().alsoWaitFor(ack, session::afterDurable);
            }
        } finally {
            if (qos > 0) {
                connection.inboundAcks().release(ack);
            }
        }
    }

    /** MQTT 5 §3.3.4: the client may have at most Receive Maximum QoS 1/2 publishes unacknowledged. */
    private boolean overReceiveMaximum(MqttConnection connection, Session session, int qos, int packetId) {
        if (qos == 2 && connection.inboundAcks().awaitsPubRec(packetId)) {
            return false; // a resend of one already counted
        }
        int open = connection.inboundAcks().qos1Open() + session.qos2InFlight();
        return open >= services.config().maxInflightInbound();
    }

    /**
     * The access policy refused the topic. MQTT 5 says so in the PUBACK/PUBREC (0x87); MQTT 3.1.1 has no
     * negative acknowledgement, so the message is acknowledged and dropped (§3.3.5 allows this or closing;
     * closing would only make a logger resend the same message forever). Counted either way.
     */
    private void denied(MqttConnection connection, String topic, int qos, int packetId) {
        services.metrics().publishDenied();
        log.debug("PUBLISH to {} by {} not authorized", topic, connection.describe());
        if (qos == 0) {
            return;
        }
        if (qos == 2 && !connection.isMqtt5()) {
            connection.session().qos2Arrived(packetId); // its PUBREL must find it
        }
        PublishAck ack = connection.inboundAcks().open(packetId, qos == 2);
        if (connection.isMqtt5()) {
            ack.rejected(NOT_AUTHORIZED, "not authorized to publish to " + topic);
        } else {
            ack.accepted();
        }
    }

    /** PUBREL: the QoS 2 exchange ends with PUBCOMP and the packet id is free again. */
    public void release(MqttConnection connection, MqttMessage pubRel) {
        int packetId = ((MqttMessageIdVariableHeader) pubRel.variableHeader()).messageId();
        Session session = connection.session();
        boolean known = session.qos2Released(packetId);
        int code = known || !connection.isMqtt5() ? 0 : PACKET_ID_NOT_FOUND;
        MqttMessage pubComp = MqttConnection.pubReply(MqttMessageType.PUBCOMP, packetId, code, MqttProperties.NO_PROPERTIES);
        if (!known || session.persistId() == 0) {
            connection.channel().write(pubComp);
            connection.flushAfterRead();
            return;
        }
        // after PUBCOMP the client may use the id for a new message: its release must be on disk first
        session.afterDurable(() -> connection.channel().eventLoop().execute(() -> connection.channel().writeAndFlush(pubComp)),
                e -> services.disconnector().disconnect(connection, DisconnectReason.NOT_STORED,
                        "QoS 2 release not stored: " + e.getMessage()));
    }

    private void offerToHandler(MqttConnection connection, String topic, MqttPublishMessage publish, int qos,
            PublishAck ack) {
        InboundPublishHandler handler = services.inboundHandler().get();
        boolean taken;
        try {
            taken = handler.onPublish(connection.client(), topic, publish.payload(), qos, ack);
        } catch (RuntimeException e) {
            // a fault of ours, not the client's: refuse (never claim durability) and keep serving
            log.warn("Inbound publish handler failed on topic {} from {}", topic, connection.describe(), e);
            ack.rejected(UNSPECIFIED_ERROR, "internal error");
            return;
        }
        if (!taken) {
            ack.accepted();
        }
    }
}
