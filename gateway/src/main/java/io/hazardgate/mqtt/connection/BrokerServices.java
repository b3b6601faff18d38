package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.SubscriptionAuthorizer;
import io.hazardgate.mqtt.auth.AccessPolicy;
import io.hazardgate.mqtt.auth.Authenticator;
import io.hazardgate.mqtt.auth.ConnectionRateLimiter;
import io.hazardgate.mqtt.auth.LoginThrottle;
import io.hazardgate.mqtt.broker.MessageRouter;
import io.hazardgate.mqtt.broker.QueuedBytes;
import io.hazardgate.mqtt.broker.RetainedStore;
import io.hazardgate.mqtt.broker.SessionJournal;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.broker.SubscriptionTrie;
import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every connection shares: limits, meters, the broker core, the security pieces and the
 * pluggable hooks. The hooks are suppliers so the server can be wired before the hooks exist (ingest
 * needs the publisher too).
 *
 * @param nanoClock the clock of message expiry and throttles; {@link System#nanoTime()} outside tests
 */
public record BrokerServices(
        MqttServerConfig config,
        MqttMetrics metrics,
        SessionRegistry sessions,
        MessageRouter router,
        Disconnector disconnector,
        Supplier<InboundPublishHandler> inboundHandler,
        Supplier<SubscriptionAuthorizer> subscriptionAuthorizer,
        Supplier<Authenticator> authenticator,
        Supplier<AccessPolicy> accessPolicy,
        LoginThrottle loginThrottle,
        ConnectionRateLimiter rateLimiter,
        InboundGate inboundGate,
        PartialPacketBudget partialPackets,
        LongSupplier nanoClock) {

    /** The hooks a server lets its owner change after construction. */
    public static final class Hooks {
        public final AtomicReference<InboundPublishHandler> inboundHandler =
                new AtomicReference<>(InboundPublishHandler.NONE);
        public final AtomicReference<SubscriptionAuthorizer> subscriptionAuthorizer =
                new AtomicReference<>(SubscriptionAuthorizer.ALLOW_ALL);
        public final AtomicReference<Authenticator> authenticator = new AtomicReference<>(Authenticator.ANONYMOUS);
        public final AtomicReference<AccessPolicy> accessPolicy = new AtomicReference<>(AccessPolicy.ALLOW_ALL);
    }

    /** Wires a complete broker core with the given limits and meters, keeping nothing on disk. */
    public static BrokerServices create(MqttServerConfig config, MqttMetrics metrics, Hooks hooks, LongSupplier nanoClock) {
        return create(config, metrics, hooks, nanoClock, SessionJournal.NONE);
    }

    /**
     * Wires a complete broker core with the given limits and meters.
     *
     * @param journal where persistent sessions and retained messages are written to survive a restart
     */
    public static BrokerServices create(MqttServerConfig config, MqttMetrics metrics, Hooks hooks, LongSupplier nanoClock,
            SessionJournal journal) {
        SubscriptionTrie trie = new SubscriptionTrie();
        MessageRouter router = new MessageRouter(trie,
                new RetainedStore(metrics, config.maxRetainedMessages(), config.maxRetainedBytes(), journal), metrics,
                journal);
        SessionRegistry sessions = new SessionRegistry(trie, metrics, config.maxQueuedMessages(),
                config.maxQueuedBytes(), new QueuedBytes(config.maxQueuedBytesTotal()), nanoClock,
                will -> router.route(will.publishAt(nanoClock.getAsLong())), journal);
        PartialPacketBudget partialPackets = new PartialPacketBudget(config.maxPartialPacketBytes());
        metrics.partialBytes(partialPackets::used);
        return new BrokerServices(config, metrics, sessions, router, new Disconnector(),
                hooks.inboundHandler::get, hooks.subscriptionAuthorizer::get, hooks.authenticator::get,
                hooks.accessPolicy::get,
                new LoginThrottle(config.failedLoginDelay(), config.failedLoginMaxDelay(), nanoClock),
                new ConnectionRateLimiter(config.maxConnectionsPerSecondPerIp(), config.rateLimitLoopback(), nanoClock),
                new InboundGate(), partialPackets, nanoClock);
    }

    /** Stops every connection reading; see {@link InboundGate}. */
    public void pauseGate(String reason) { inboundGate.pause(reason); }

    public void resumeGate() { inboundGate.resume(nanoClock.getAsLong()); }
}
