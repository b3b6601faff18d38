package io.hazardgate.mqtt.broker;

import io.hazardgate.mqtt.MessagePublisher;
import io.hazardgate.mqtt.metrics.DropReason;
import io.hazardgate.mqtt.metrics.MqttMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Fans a message out to every session whose subscriptions match, at the QoS each granted, to one
 * member of each matching shared subscription, and keeps retained messages. Called on clients' event
 * loops for inbound publishes and from the gateway's own threads through {@link MessagePublisher};
 * never blocks (sessions queue, their event loops write). A message that is retained, or queued at QoS
 * 1/2 for a persistent session, is written to the {@link SessionJournal} as one fan-out (its body once,
 * then each delivery); one that reaches no persistent session costs no record at all.
 */
public final class MessageRouter implements MessagePublisher {
    private final SubscriptionTrie trie;
    private final RetainedStore retained;
    private final MqttMetrics metrics;
    private final SessionJournal journal;
    private final FastThreadLocal<SubscriberCollector> collectors = new FastThreadLocal<>() {
        @Override
        protected SubscriberCollector initialValue() { return new SubscriberCollector(); }
    };

    public MessageRouter(SubscriptionTrie trie, RetainedStore retained, MqttMetrics metrics) {
        this(trie, retained, metrics, SessionJournal.NONE);
    }

    /** @param journal where retained messages and deliveries to persistent sessions are written */
    public MessageRouter(SubscriptionTrie trie, RetainedStore retained, MqttMetrics metrics, SessionJournal journal) {
        this.journal = journal;
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
        SubscriberCollector collector = collectors.get();
        collector.reset(message.publisherId());
        trie.match(message.topic(), collector);
        fanOut(message, collector, false);
    }

    @Override
    public CompletableFuture<Void> persisted() {
        return journal.enabled() ? journal.durable() : CompletableFuture.completedFuture(null);
    }

    @Override
    public byte[] retained(String topic) {
        PublishedMessage m = retained.get(topic);
        return m == null ? null : m.payload().clone();
    }

    @Override
    public void republish(String topic, byte[] payload, int qos, boolean retain) {
        if (retain) {
            PublishedMessage kept = retained.get(topic);
            if (kept != null ? kept.qos() == qos && Arrays.equals(kept.payload(), payload) : payload.length == 0) {
                return; // kept across the restart already; its subscribers had it
            }
        }
        PublishedMessage message = new PublishedMessage(topic, payload.clone(), qos, retain, null, null);
        SubscriberCollector collector = collectors.get();
        collector.reset(null);
        trie.match(topic, collector);
        fanOut(message, collector, true);
    }

    /**
     * Retains and delivers the message, written to the journal as one fan-out when it must survive a
     * restart. Returns the fan-out, or null when nothing was written.
     */
    private SessionJournal.FanOut fanOut(PublishedMessage message, SubscriberCollector collector, boolean unlessHeld) {
        SessionJournal.FanOut fanOut = isKept(message, collector) ? journal.beginFanOut(message) : null;
        try {
            if (message.retain()) {
                retained.retain(message);
            }
            deliver(message, collector, unlessHeld);
        } finally {
            if (fanOut != null) {
                journal.endFanOut(fanOut);
            }
        }
        return fanOut;
    }

    /** Retained, or QoS 1/2 for a persistent session (or a shared group, which may hold one). */
    private boolean isKept(PublishedMessage message, SubscriberCollector collector) {
        if (!journal.enabled()) {
            return false;
        }
        if (message.retain()) {
            return true;
        }
        if (message.qos() == 0) {
            return false;
        }
        for (int i = 0; i < collector.size(); i++) {
            SubscriberCollector.Match match = collector.get(i);
            if (match.qos > 0 && match.session.persistId() != 0) {
                return true;
            }
        }
        return collector.sharedCount() > 0;
    }

    /**
     * Routes a PUBLISH received from a client. The payload is copied once, and only when someone
     * subscribes or the message is retained, so unwatched telemetry costs no allocation here.
     *
     * @return the fan-out written to the session store, whose durability the PUBACK waits for; null when
     *         nothing was written (no persistent subscriber, not retained)
     * @param expiresAtNanos when its MQTT 5 Message Expiry Interval runs out, or {@link PublishedMessage#NEVER}
     */
    public SessionJournal.FanOut routeInbound(String topic, ByteBuf payload, int qos, boolean retain,
            MqttProperties forwarded, String publisherId, long expiresAtNanos) {
        SubscriberCollector collector = collectors.get();
        collector.reset(publisherId);
        trie.match(topic, collector);
        if (collector.isEmpty() && !retain) {
            return null;
        }
        PublishedMessage message = new PublishedMessage(topic, ByteBufUtil.getBytes(payload), qos, retain,
                forwarded, publisherId, expiresAtNanos);
        return fanOut(message, collector, false);
    }

    /** As {@link #routeInbound(String, ByteBuf, int, boolean, MqttProperties, String, long)} without expiry. */
    public SessionJournal.FanOut routeInbound(String topic, ByteBuf payload, int qos, boolean retain,
            MqttProperties forwarded, String publisherId) {
        return routeInbound(topic, payload, qos, retain, forwarded, publisherId, PublishedMessage.NEVER);
    }

    private void deliver(PublishedMessage message, SubscriberCollector collector, boolean unlessHeld) {
        for (int i = 0; i < collector.size(); i++) {
            SubscriberCollector.Match match = collector.get(i);
            if (unlessHeld && match.session.holds(message)) {
                continue;
            }
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
