package io.hazardgate.mqtt.handler.subscribe;

import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.Subscription;
import io.hazardgate.mqtt.broker.TopicFilters;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import java.util.List;

/**
 * UNSUBSCRIBE → UNSUBACK (MQTT 3.1.1 §3.10, §3.11; MQTT 5 §3.10, §3.11 with a reason code per filter).
 * Messages already queued for the removed subscription are still delivered (§3.10.4). For a persistent
 * session the UNSUBACK waits until the change is in the session store.
 */
public final class UnsubscribeHandler {
    private static final short SUCCESS = 0x00;
    private static final short NO_SUBSCRIPTION_EXISTED = 0x11;
    private static final short TOPIC_FILTER_INVALID = 0x8F;

    private final BrokerServices services;

    public UnsubscribeHandler(BrokerServices services) {
        this.services = services;
    }

    public void handle(MqttConnection connection, MqttUnsubscribeMessage unsubscribe) {
        List<String> filters = unsubscribe.payload().topics();
        if (filters.isEmpty()) {
            services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR, "UNSUBSCRIBE without filters");
            return;
        }
        Session session = connection.session();
        MqttMessageBuilders.UnsubAckBuilder unsubAck = MqttMessageBuilders.unsubAck()
                .packetId(unsubscribe.variableHeader().messageId());
        for (String filter : filters) {
            SharedFilter shared = SharedFilter.parse(filter);
            if (shared == SharedFilter.INVALID
                    || !TopicFilters.isValidFilter(shared == null ? filter : shared.filter())) {
                unsubAck.addReasonCode(TOPIC_FILTER_INVALID);
                continue;
            }
            Subscription removed = session.removeSubscription(filter);
            if (removed != null) {
                services.router().subscriptions().unsubscribe(removed);
            }
            unsubAck.addReasonCode(removed != null ? SUCCESS : NO_SUBSCRIPTION_EXISTED);
        }
        // the encoder writes reason codes for MQTT 5 only
        var answer = unsubAck.build();
        if (session.persistId() == 0) {
            connection.channel().writeAndFlush(answer);
            return;
        }
        session.afterDurable(() -> connection.channel().eventLoop().execute(() -> connection.channel().writeAndFlush(answer)),
                e -> services.disconnector().disconnect(connection, DisconnectReason.NOT_STORED,
                        "unsubscription not stored: " + e.getMessage()));
    }
}
