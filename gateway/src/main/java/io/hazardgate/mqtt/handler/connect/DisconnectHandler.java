package io.hazardgate.mqtt.handler.connect;

import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Mqtt5Properties;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/**
 * DISCONNECT from the client (MQTT 3.1.1 §3.14, MQTT 5 §3.14): a normal close discards the will,
 * MQTT 5 reason 0x04 keeps it, and an MQTT 5 client may change its session expiry on the way out.
 */
public final class DisconnectHandler {
    /** MQTT 5 §3.14.2.1 Disconnect with Will Message. */
    private static final int WITH_WILL = 0x04;

    private final BrokerServices services;

    public DisconnectHandler(BrokerServices services) {
        this.services = services;
    }

    public void handle(MqttConnection connection, MqttMessage disconnect) {
        DisconnectReason reason = DisconnectReason.CLIENT_DISCONNECT;
        if (connection.isMqtt5()
                && disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            if ((header.reasonCode() & 0xFF) == WITH_WILL) {
                reason = DisconnectReason.CLIENT_DISCONNECT_WITH_WILL;
            }
            long expiry = Mqtt5Properties.integer(header.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
            Session session = connection.session();
            if (expiry >= 0) {
                if (session.expirySeconds() == 0 && expiry != 0) {
                    // MQTT 5 §3.14.2.2.2: a session that expires at close cannot be revived here
                    services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                            "session expiry set on DISCONNECT after 0 on CONNECT");
                    return;
                }
                session.expirySeconds(Math.min(expiry, services.config().maxSessionExpirySeconds()));
            }
        }
        if (reason == DisconnectReason.CLIENT_DISCONNECT) {
            connection.discardWill();
        }
        connection.beginClose(reason);
        connection.channel().close();
    }
}
