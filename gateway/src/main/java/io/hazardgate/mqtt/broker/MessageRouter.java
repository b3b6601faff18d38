package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.mqtt.metrics.DropReason;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Fans a message out to every session whose subscriptions match, at the QoS each granted, to one
 * member of each matching shared subscription, and keeps retained messages. Called on clients' event
 * loops for inbound publishes and from the gateway's own threads through {@link MessagePublisher};
 * never blocks (sessions queue, their event loops write).
 */
public final class MessageRouter implements MessagePublisher {
    private final SubscriptionTrie trie;
    private final RetainedStore retained;
    private final MqttMetrics metrics;
    private final FastThreadLocal<SubscriberCollector> collectors = new FastThreadLocal<>() {
        @Override
        protected SubscriberCollector initialValue() { return new SubscriberCollector(); }
    };

    public MessageRouter(SubscriptionTrie trie, RetainedStore retained, MqttMetrics metrics) {
        this.trie = trie;
        this.retained = retained;
        this.metrics = metrics;
        metrics.subscriptions(trie::size);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for an invalid topic name or QoS: a bug in the caller
     */
    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        if (topic == null || !TopicFilters.isValidTopicName(topic)) {
            throw new IllegalArgumentException("not a valid MQTT topic name: '" + topic + "'");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + qos);
        }
        route(new PublishedMessage(topic, payload.clone(), qos, retain, null, null));
    }

    /** Routes a message built by the broker itself (a will, a gateway publish). */
    public void route(PublishedMessage message) {
        if (message.retain()) {
            retained.retain(message);
        }
        SubscriberCollector collector = collectors.get();
        collector.reset(message.publisherId());
        trie.match(message.topic(), collector);
        deliver(message, collector);
    }

    /**
     * Routes a PUBLISH received from a client. The payload is copied once, and only when someone
     * subscribes or the message is retained, so unwatched telemetry costs no allocation here.
     *
     * @param expiresAtNanos when its MQTT 5 Message Expiry Interval runs out, or {@link PublishedMessage#NEVER}
     */
    public void routeInbound(String topic, ByteBuf payload, int qos, boolean retain, MqttProperties forwarded,
            String publisherId, long expiresAtNanos) {
        SubscriberCollector collector = collectors.get();
        collector.reset(publisherId);
        trie.match(topic, collector);
        if (collector.isEmpty() && !retain) {
            return;
        }
        PublishedMessage message = new PublishedMessage(topic, ByteBufUtil.getBytes(payload), qos, retain,
                forwarded, publisherId, expiresAtNanos);
        if (retain) {
            retained.retain(message);
        }
        deliver(message, collector);
    }

    /** As {@link #routeInbound(String, ByteBuf, int, boolean, MqttProperties, String, long)} without expiry. */
    public void routeInbound(String topic, ByteBuf payload, int qos, boolean retain, MqttProperties forwarded,
            String publisherId) {
        routeInbound(topic, payload, qos, retain, forwarded, publisherId, PublishedMessage.NEVER);
    }

    private void deliver(PublishedMessage message, SubscriberCollector collector) {
        for (int i = 0; i < collector.size(); i++) {
            SubscriberCollector.Match match = collector.get(i);
            // MQTT 3.1.1 §3.3.1.3: an established subscription gets RETAIN 0 unless MQTT 5 Retain As Published
            match.session.offer(message, Math.min(message.qos(), match.qos),
                    match.retainAsPublished && message.retain(), match.subscriptionIds(), null);
        }
        for (int i = 0; i < collector.sharedCount(); i++) {
            SharedGroup group = collector.shared(i);
            Subscription member = group.pick(null);
            if (member == null) {
                metrics.dropped(DropReason.NO_SHARED_MEMBER, 1);
                continue;
            }
            int[] ids = member.subscriptionId() == 0 ? null : new int[] {member.subscriptionId()};
            member.session().offer(message, Math.min(message.qos(), member.qos()),
                    member.retainAsPublished() && message.retain(), ids, group);
        }
        collector.reset(null);
    }

    public SubscriptionTrie subscriptions() { return trie; }

    public RetainedStore retained() { return retained; }
}
