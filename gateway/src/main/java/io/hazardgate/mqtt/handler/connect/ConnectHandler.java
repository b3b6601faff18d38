package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.broker.TopicFilters;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.ConnectionState;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Disconnector;
import io.hazardgate.mqtt.connection.Mqtt5Properties;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * CONNECT → CONNACK for MQTT 3.1.1 (§3.1, §3.2) and MQTT 5 (§3.1, §3.2): checks the packet, settles
 * the client id, binds or takes over the session, arms keep-alive and answers. Authentication will
 * plug in between the checks and the session binding.
 */
public final class ConnectHandler {
    private final BrokerServices services;

    public ConnectHandler(BrokerServices services) {
        this.services = services;
    }

    public void handle(MqttConnection connection, MqttConnectMessage connect) {
        Disconnector disconnector = services.disconnector();
        if (connection.state() != ConnectionState.AWAIT_CONNECT) {
            // MQTT 3.1.1 §3.1.0-2: a second CONNECT is a protocol violation
            disconnector.disconnect(connection, DisconnectReason.PROTOCOL_ERROR, "second CONNECT");
            return;
        }
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        int version = header.version();
        if (version != 4 && version != 5) {
            // MQTT 3.1 (level 3) is not served; 3.1.1 §3.1.2-2 return code 0x01
            disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "unacceptable_protocol_version", "protocol level " + version);
            return;
        }
        connection.protocolVersion(version);
        boolean v5 = version == 5;
        String flagProblem = flagProblem(header, v5);
        if (flagProblem != null) {
            refuseMalformed(connection, v5, flagProblem);
            return;
        }
        MqttProperties properties = header.properties();
        long receiveMaximum = v5 ? Mqtt5Properties.integer(properties, MqttPropertyType.RECEIVE_MAXIMUM,
                MqttConnection.DEFAULT_RECEIVE_MAXIMUM) : MqttConnection.DEFAULT_RECEIVE_MAXIMUM;
        long maxPacketSize = v5 ? Mqtt5Properties.integer(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE,
                Long.MAX_VALUE) : Long.MAX_VALUE;
        if (receiveMaximum == 0 || maxPacketSize == 0) {
            // MQTT 5 §3.1.2.11.3, §3.1.2.11.4: zero is a protocol error
            disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR,
                    "protocol_error", "Receive Maximum or Maximum Packet Size of 0");
            return;
        }
        if (v5 && Mqtt5Properties.has(properties, MqttPropertyType.AUTHENTICATION_METHOD)) {
            // MQTT 5 §4.12: enhanced authentication is not offered
            disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "bad_authentication_method", "enhanced authentication not supported");
            return;
        }
        boolean cleanStart = header.isCleanSession();
        String clientId = payload.clientIdentifier();
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !cleanStart) {
                // MQTT 3.1.1 §3.1.3-8: a zero-length id needs CleanSession = 1
                disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "identifier_rejected", "empty client id without clean session");
                return;
            }
            clientId = ClientIds.assign();
            assigned = v5;
        }
        PublishedMessage will = null;
        if (header.isWillFlag()) {
            if (payload.willTopic() == null || !TopicFilters.isValidTopicName(payload.willTopic())) {
                if (v5) {
                    disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                            "will_topic_invalid", "will topic '" + payload.willTopic() + "'");
                } else {
                    disconnector.disconnect(connection, DisconnectReason.MALFORMED_PACKET, "invalid will topic");
                }
                return;
            }
            byte[] willPayload = payload.willMessageInBytes() == null ? new byte[0] : payload.willMessageInBytes();
            will = new PublishedMessage(payload.willTopic(), willPayload, header.willQos(), header.isWillRetain(),
                    v5 ? Mqtt5Properties.forwarded(payload.willProperties()) : null, clientId);
        }
        long expiry = v5 ? Mqtt5Properties.integer(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)
                : cleanStart ? 0 : Session.NEVER_EXPIRES;
        boolean problemInformation = !v5
                || Mqtt5Properties.integer(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0;

        ClientInfo client = new ClientInfo(clientId, payload.userName(), connection.channel().remoteAddress(), version);
        SessionRegistry.Attachment attachment = services.sessions().connect(clientId, cleanStart, expiry, connection);
        connection.accepted(client, attachment.session(), will, (int) receiveMaximum, maxPacketSize,
                problemInformation);
        if (attachment.previous() instanceof MqttConnection previous) {
            // MQTT 3.1.1 §3.1.4-2: the server disconnects the existing client with the same id
            disconnector.disconnect(previous, DisconnectReason.SESSION_TAKEN_OVER, "same client id connected again");
        }

        int keepAlive = header.keepAliveTimeSeconds();
        int maxKeepAlive = services.config().maxKeepAliveSeconds();
        Integer serverKeepAlive = null;
        if (v5 && (keepAlive == 0 || keepAlive > maxKeepAlive) && maxKeepAlive < MqttServerConfig.DEFAULT_MAX_KEEP_ALIVE_SECONDS) {
            keepAlive = maxKeepAlive; // MQTT 5 §3.2.2.3.14 Server Keep Alive overrides the client's value
            serverKeepAlive = keepAlive;
        }
        KeepAlive.apply(connection.channel().pipeline(), keepAlive);

        connection.channel().writeAndFlush(connAck(attachment.present(), v5, assigned ? clientId : null, serverKeepAlive));
        services.metrics().connect("accepted");
        services.metrics().connectionOpened();
        if (attachment.present()) {
            connection.wakeUp(); // resend what was unacknowledged, then what queued while offline
        }
    }

    private MqttConnAckMessage connAck(boolean sessionPresent, boolean v5, String assignedId, Integer serverKeepAlive) {
        MqttMessageBuilders.ConnAckBuilder builder = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(sessionPresent);
        if (v5) {
            MqttServerConfig config = services.config();
            builder.properties(p -> {
                p.receiveMaximum(config.maxInflightInbound())
                        .maximumPacketSize(config.maxPacketSizeBytes())
                        .sharedSubscriptionAvailable(false)
                        .subscriptionIdentifiersAvailable(false);
                if (assignedId != null) {
                    p.assignedClientId(assignedId);
                }
                if (serverKeepAlive != null) {
                    p.serverKeepAlive(serverKeepAlive);
                }
            });
        }
        return builder.build();
    }

    /** MQTT 3.1.1 §3.1.2-11..15, §3.1.2-22 and MQTT 5 §3.1.2.5..7: flag combinations that are malformed. */
    private static String flagProblem(MqttConnectVariableHeader header, boolean v5) {
        if (header.willQos() > 2) {
            return "will QoS 3";
        }
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            return "will QoS or retain set without a will";
        }
        if (!v5 && header.hasPassword() && !header.hasUserName()) {
            return "password without user name";
        }
        return null;
    }

    private void refuseMalformed(MqttConnection connection, boolean v5, String detail) {
        if (v5) {
            services.disconnector().refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET,
                    "malformed_packet", detail);
        } else {
            services.disconnector().disconnect(connection, DisconnectReason.MALFORMED_PACKET, detail);
        }
    }
}
