package io.hazardgate.mqtt.handler.subscribe;

import io.hazardgate.mqtt.broker.PublishedMessage;
import io.hazardgate.mqtt.broker.RetainedStore;
import io.hazardgate.mqtt.broker.Session;
import io.hazardgate.mqtt.broker.Subscription;
import io.hazardgate.mqtt.broker.TopicFilters;
import io.hazardgate.mqtt.connection.BrokerServices;
import io.hazardgate.mqtt.connection.DisconnectReason;
import io.hazardgate.mqtt.connection.Mqtt5Properties;
import io.hazardgate.mqtt.connection.MqttConnection;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE → SUBACK (MQTT 3.1.1 §3.8, §3.9; MQTT 5 §3.8, §3.9). Each filter is validated and
 * authorised on its own; a refused one gets its failure code while the others are granted at the QoS
 * asked for. Shared subscriptions ({@code $share/{group}/{filter}}, MQTT 5 §4.8.2) are served to
 * MQTT 3.1.1 clients too. Retained messages for the new subscriptions go out after the SUBACK, which for
 * a persistent session waits until the subscriptions are in the session store.
 */
public final class SubscribeHandler {
    /** The highest QoS this server grants. */
    public static final int MAX_QOS = 2;
    static final int FAILURE = 0x80;
    static final int NOT_AUTHORIZED = 0x87;
    static final int TOPIC_FILTER_INVALID = 0x8F;

    private final BrokerServices services;

    public SubscribeHandler(BrokerServices services) {
        this.services = services;
    }

    public void handle(MqttConnection connection, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            // MQTT 3.1.1 §3.8.3-3: at least one filter
            services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR, "SUBSCRIBE without filters");
            return;
        }
        boolean v5 = connection.isMqtt5();
        int subscriptionId = 0;
        if (v5) {
            MqttProperties properties = subscribe.idAndPropertiesVariableHeader().properties();
            subscriptionId = (int) Mqtt5Properties.integer(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER, 0);
            if (Mqtt5Properties.has(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER) && subscriptionId == 0) {
                // MQTT 5 §3.8.2.1.2: a Subscription Identifier of 0 is a protocol error
                services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                        "Subscription Identifier 0");
                return;
            }
        }
        Session session = connection.session();
        int[] codes = new int[requested.size()];
        List<Subscription> sendRetained = new ArrayList<>(requested.size());
        for (int i = 0; i < codes.length; i++) {
            MqttTopicSubscription request = requested.get(i);
            SharedFilter shared = SharedFilter.parse(request.topicName());
            String filter = shared == null ? request.topicName() : shared.filter();
            MqttSubscriptionOption option = request.option();
            if (shared == SharedFilter.INVALID || !TopicFilters.isValidFilter(filter)) {
                codes[i] = v5 ? TOPIC_FILTER_INVALID : FAILURE;
            } else if (shared != null && v5 && option.isNoLocal()) {
                // MQTT 5 §3.8.3-4: No Local on a shared subscription is a protocol error
                services.disconnector().disconnect(connection, DisconnectReason.PROTOCOL_ERROR,
                        "No Local set on shared subscription " + request.topicName());
                return;
            } else if (!mayConnectionSubscribe(connection, filter)) {
                services.metrics().subscriptionDenied();
                codes[i] = v5 ? NOT_AUTHORIZED : FAILURE;
            } else {
                int granted = Math.min(option.qos().value(), MAX_QOS);
                Subscription subscription = new Subscription(session, filter, granted, v5 && option.isNoLocal(),
                        v5 && option.isRetainAsPublished(), v5 ? option.retainHandling().value() : 0,
                        subscriptionId, shared == null ? null : shared.group());
                Subscription previous = services.router().subscriptions().subscribe(subscription);
                session.addSubscription(subscription);
                if (session.isEnded()) {
                    services.router().subscriptions().unsubscribe(subscription); // taken over meanwhile
                }
                codes[i] = granted;
                // MQTT 5 §3.8.3.1 Retain Handling: 0 always, 1 only for a new subscription, 2 never;
                // §4.8.2: retained messages are not sent for a shared subscription
                if (shared == null && (subscription.retainHandling() == 0
                        || (subscription.retainHandling() == 1 && previous == null))) {
                    sendRetained.add(subscription);
                }
            }
        }
        MqttSubAckMessage subAck = new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(subscribe.variableHeader().messageId(),
                        MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
        if (session.persistId() == 0) {
            answer(connection, session, subAck, sendRetained);
            return;
        }
        // a persistent session's subscriptions must outlive a restart before the client is told it has them:
        // a client that believes it is subscribed and is not would sit silent
        session.afterDurable(() -> connection.channel().eventLoop().execute(() -> answer(connection, session, subAck,
                sendRetained)), e -> services.disconnector().disconnect(connection, DisconnectReason.NOT_STORED,
                "subscription not stored: " + e.getMessage()));
    }

    /** SUBACK, then the retained messages for the new subscriptions. */
    private void answer(MqttConnection connection, Session session, MqttSubAckMessage subAck, List<Subscription> sendRetained) {
        connection.channel().writeAndFlush(subAck);
        RetainedStore retained = services.router().retained();
        long now = services.nanoClock().getAsLong();
        for (Subscription subscription : sendRetained) {
            int[] ids = subscription.subscriptionId() == 0 ? null : new int[] {subscription.subscriptionId()};
            // MQTT 3.1.1 §3.3.1.3: sent because of a new subscription, so RETAIN is 1
            retained.forEachMatching(subscription.filter(), now, (PublishedMessage m) ->
                    session.offer(m, Math.min(m.qos(), subscription.qos()), true, ids, null));
        }
    }

    private boolean mayConnectionSubscribe(MqttConnection connection, String filter) {
        return services.accessPolicy().get().maySubscribe(connection.principal(), filter)
                && services.subscriptionAuthorizer().get().maySubscribe(connection.client(), filter);
    }
}
