package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.ClientInfo;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.auth.AuthResult;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.ConnectionState;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The second half of CONNECT, on the connection's event loop once the credentials are decided: a
 * refusal with its CONNACK code (delayed by the failed-login backoff of the client's address), or the
 * session bound or taken over, keep-alive armed and CONNACK sent (MQTT 3.1.1 §3.2, MQTT 5 §3.2). When
 * a persistent session was started, resumed or ended, the CONNACK waits until the session store has it:
 * Session Present must mean what a restart would give back.
 */
final class ConnectAcceptor {
    private static final Logger log = LoggerFactory.getLogger(ConnectAcceptor.class);

    private final BrokerServices services;

    ConnectAcceptor(BrokerServices services) {
        this.services = services;
    }

    void decided(MqttConnection connection, ConnectRequest request, AuthResult result, Throwable error) {
        if (connection.state() != ConnectionState.AUTHENTICATING) {
            return; // the client went away meanwhile
        }
        if (error != null || result == null) {
            log.warn("Authentication of {} failed", connection.describe(), error);
            result = AuthResult.refused(AuthResult.Failure.SERVER_BUSY, "authentication failed");
        }
        InetAddress address = ConnectHandler.address(connection);
        if (!result.isOk()) {
            refuse(connection, request, result, address);
            return;
        }
        services.loginThrottle().succeeded(address);
        Principal principal = result.principal();
        if (request.will() != null
                && !services.accessPolicy().get().mayPublish(principal, request.will().message().topic())) {
            services.metrics().publishDenied();
            services.disconnector().refuse(connection, request.isMqtt5()
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "will_not_authorized", "will topic '" + request.will().message().topic() + "' not allowed");
            return;
        }
        accept(connection, request, principal);
    }

    private void refuse(MqttConnection connection, ConnectRequest request, AuthResult result, InetAddress address) {
        boolean v5 = request.isMqtt5();
        MqttConnectReturnCode code;
        Duration delay = Duration.ZERO;
        switch (result.failure()) {
            case BAD_CREDENTIALS -> code = v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> code = v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            default -> code = v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        }
        if (result.failure() != AuthResult.Failure.SERVER_BUSY) {
            services.metrics().authFailed();
            delay = services.loginThrottle().failed(address);
        }
        String outcome = result.failure().name().toLowerCase(Locale.ROOT);
        Runnable answer = () -> services.disconnector().refuse(connection, code, outcome, result.detail());
        if (delay.isZero()) {
            answer.run();
        } else {
            connection.channel().eventLoop().schedule(answer, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void accept(MqttConnection connection, ConnectRequest request, Principal principal) {
        boolean v5 = request.isMqtt5();
        String clientId = request.clientId();
        ClientInfo client = new ClientInfo(clientId, request.username(), connection.channel().remoteAddress(),
                request.version(), principal);
        SessionRegistry.Attachment attachment = services.sessions().connect(clientId, request.cleanStart(),
                request.expirySeconds(), connection, principal.identity());
        if (attachment.refused()) {
            // the session, and the connection using it, belong to another identity: neither is touched
            services.disconnector().refuse(connection, v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "client_id_owned_by_another",
                    "client id '" + clientId + "' belongs to a session of another identity");
            return;
        }
        Session session = attachment.session();
        session.will(request.will()); // kept with a persistent session: a restart still sends it
        if (!attachment.written()) {
            settle(connection, request, client, attachment);
            return;
        }
        // a session the client is told is present must be the one a restart gives back
        connection.bindingSession(session);
        services.sessions().afterDurable(() -> connection.channel().eventLoop().execute(() -> {
            if (connection.state() == ConnectionState.AUTHENTICATING) {
                settle(connection, request, client, attachment);
            } else {
                session.clearWill(request.will()); // the client went away before its CONNACK
            }
        }), e -> connection.channel().eventLoop().execute(() -> services.disconnector().refuse(connection, v5
                ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSPECIFIED_ERROR
                : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "session_not_stored",
                "session could not be stored: " + e.getMessage())));
    }

    /** The session is bound (and, if it is persistent, on disk): keep-alive, CONNACK, then what waited. */
    private void settle(MqttConnection connection, ConnectRequest request, ClientInfo client,
            SessionRegistry.Attachment attachment) {
        boolean v5 = request.isMqtt5();
        String clientId = request.clientId();
        connection.accepted(client, attachment.session(), request.will(), request.receiveMaximum(),
                request.maxPacketSize(), request.topicAliasMaximum(), request.problemInformation());
        if (attachment.previous() instanceof MqttConnection previous) {
            // MQTT 3.1.1 §3.1.4-2: the server disconnects the existing client with the same id
            services.disconnector().disconnect(previous,
                    DisconnectReason.SESSION_TAKEN_OVER, "same client id connected again");
        }

        int keepAlive = request.keepAliveSeconds();
        int maxKeepAlive = services.config().maxKeepAliveSeconds();
        Integer serverKeepAlive = null;
        if (keepAlive == 0 || keepAlive > maxKeepAlive) {
            // no connection stays silent for ever: MQTT 5 §3.2.2.3.14 Server Keep Alive overrides the
            // client's value and says so; MQTT 3.1.1 cannot say it, the server holds the client to it all the same
            keepAlive = maxKeepAlive;
            serverKeepAlive = v5 ? keepAlive : null;
        }
        KeepAlive.apply(connection.channel().pipeline(), keepAlive);

        connection.channel().writeAndFlush(connAck(attachment.present(), v5,
                request.assignedId() ? clientId : null, serverKeepAlive,
                request.expiryLowered() ? request.expirySeconds() : -1));
        services.metrics().connect("accepted");
        services.metrics().connectionOpened();
        connection.channel().pipeline().fireUserEventTriggered(ConnectSettled.INSTANCE);
        // resend what was unacknowledged, then what queued while offline (or while the CONNACK waited)
        connection.wakeUp();
    }

    /** @param sessionExpiry the Session Expiry Interval the server imposes, or -1 when the client's holds */
    private MqttConnAckMessage connAck(boolean sessionPresent, boolean v5, String assignedId, Integer serverKeepAlive,
            long sessionExpiry) {
        MqttMessageBuilders.ConnAckBuilder builder = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(sessionPresent);
        if (v5) {
            MqttServerConfig config = services.config();
            builder.properties(p -> {
                p.receiveMaximum(config.maxInflightInbound())
                        .maximumPacketSize(config.maxPacketSizeBytes())
                        .topicAliasMaximum(config.topicAliasMaximum())
                        .sharedSubscriptionAvailable(true)
                        .subscriptionIdentifiersAvailable(true)
                        .wildcardSubscriptionAvailable(true)
                        .retainAvailable(true);
                if (assignedId != null) {
                    p.assignedClientId(assignedId);
                }
                if (serverKeepAlive != null) {
                    p.serverKeepAlive(serverKeepAlive);
                }
                if (sessionExpiry >= 0) {
                    p.sessionExpiryInterval(sessionExpiry);
                }
            });
        }
        return builder.build();
    }
}
