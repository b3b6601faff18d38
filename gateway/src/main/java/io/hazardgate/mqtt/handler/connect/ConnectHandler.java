package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.auth.CertificateIdentity;
import io.hazardgate.mqtt.auth.Credentials;
import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.TopicFilters;
import io.hazardgate.mqtt.broker.Will;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.ConnectionState;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Disconnector;
import io.hazardgate.mqtt.connection.Mqtt5Properties;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.ssl.SslHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * CONNECT for MQTT 3.1.1 (§3.1) and MQTT 5 (§3.1): checks the packet and settles the client id and
 * will, then asks the authenticator who the client is; {@link ConnectAcceptor} answers once it knows.
 */
public final class ConnectHandler {
    private final BrokerServices services;
    private final ConnectAcceptor acceptor;

    public ConnectHandler(BrokerServices services) {
        this.services = services;
        this.acceptor = new ConnectAcceptor(services);
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
        ConnectRequest request = request(connection, header, payload);
        if (request == null) {
            return; // refused or disconnected with the reason
        }
        connection.authenticating();
        Credentials credentials = new Credentials(request.username(),
                header.hasPassword() ? payload.passwordInBytes() : null,
                certificateIdentity(connection), address(connection), connection.listener().allowAnonymous());
        services.authenticator().get().authenticate(credentials).whenComplete((result, error) -> {
            if (connection.channel().eventLoop().inEventLoop()) {
                acceptor.decided(connection, request, result, error);
            } else {
                connection.channel().eventLoop().execute(() -> acceptor.decided(connection, request, result, error));
            }
        });
    }

    /** Validates the CONNECT; null after refusing it. */
    private ConnectRequest request(MqttConnection connection, MqttConnectVariableHeader header,
            MqttConnectPayload payload) {
        Disconnector disconnector = services.disconnector();
        boolean v5 = header.version() == 5;
        String flagProblem = flagProblem(header, v5);
        if (flagProblem != null) {
            refuseMalformed(connection, v5, flagProblem);
            return null;
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
            return null;
        }
        if (v5 && Mqtt5Properties.has(properties, MqttPropertyType.AUTHENTICATION_METHOD)) {
            // MQTT 5 §4.12: enhanced authentication is not offered
            disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "bad_authentication_method", "enhanced authentication not supported");
            return null;
        }
        boolean cleanStart = header.isCleanSession();
        String clientId = payload.clientIdentifier();
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!v5 && !cleanStart) {
                // MQTT 3.1.1 §3.1.3-8: a zero-length id needs CleanSession = 1
                disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "identifier_rejected", "empty client id without clean session");
                return null;
            }
            clientId = ClientIds.assign();
            assigned = v5;
        }
        // MQTT 3.1.1 has no session expiry: a persistent session waits the server's maximum; an MQTT 5
        // client asking for longer gets the maximum, and its CONNACK says so (§3.2.2.3.2)
        long maxExpiry = services.config().maxSessionExpirySeconds();
        long asked = v5 ? Mqtt5Properties.integer(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0)
                : cleanStart ? 0 : maxExpiry;
        long expiry = Math.min(asked, maxExpiry);
        Will will = null;
        if (header.isWillFlag()) {
            if (payload.willTopic() == null || !TopicFilters.isValidTopicName(payload.willTopic())) {
                if (v5) {
                    disconnector.refuse(connection, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                            "will_topic_invalid", "will topic '" + payload.willTopic() + "'");
                } else {
                    disconnector.disconnect(connection, DisconnectReason.MALFORMED_PACKET, "invalid will topic");
                }
                return null;
            }
            will = will(header, payload, clientId, v5, expiry);
        }
        boolean problemInformation = !v5
                || Mqtt5Properties.integer(properties, MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1) != 0;
        int topicAliasMaximum = v5 ? (int) Mqtt5Properties.integer(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, 0) : 0;
        return new ConnectRequest(header.version(), clientId, assigned, cleanStart, expiry, v5 && expiry != asked, will,
                (int) receiveMaximum, maxPacketSize, topicAliasMaximum, problemInformation,
                header.keepAliveTimeSeconds(), header.hasUserName() ? payload.userName() : null);
    }

    private static Will will(MqttConnectVariableHeader header, MqttConnectPayload payload, String clientId,
            boolean v5, long sessionExpiry) {
        byte[] willPayload = payload.willMessageInBytes() == null ? new byte[0] : payload.willMessageInBytes();
        MqttProperties willProperties = v5 ? payload.willProperties() : MqttProperties.NO_PROPERTIES;
        PublishedMessage message = new PublishedMessage(payload.willTopic(), willPayload, header.willQos(),
                header.isWillRetain(), v5 ? Mqtt5Properties.forwarded(willProperties) : null, clientId);
        if (!v5) {
            return new Will(message, 0, -1);
        }
        // MQTT 5 §3.1.3.2.2: the will goes when the delay passes or the session ends, whichever is first
        long delay = Math.min(Mqtt5Properties.integer(willProperties, MqttPropertyType.WILL_DELAY_INTERVAL, 0),
                sessionExpiry);
        long expiry = Mqtt5Properties.integer(willProperties, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, -1);
        return new Will(message, delay, expiry);
    }

    private static String certificateIdentity(MqttConnection connection) {
        MqttListener.TlsOptions tls = connection.listener().tls();
        if (tls == null || tls.clientCa() == null) {
            return null;
        }
        SslHandler ssl = connection.channel().pipeline().get(SslHandler.class);
        String field = tls.identityField() == null ? CertificateIdentity.DEFAULT_FIELD : tls.identityField();
        return ssl == null ? null : CertificateIdentity.of(ssl.engine().getSession(), field);
    }

    static InetAddress address(MqttConnection connection) {
        return connection.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
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
