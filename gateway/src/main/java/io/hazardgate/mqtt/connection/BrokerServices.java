package io.hazardgate.mqtt.connection;

import io.hazardgate.mqtt.InboundPublishHandler;
import io.hazardgate.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.SubscriptionAuthorizer;
import io.hazardgate.mqtt.broker.MessageRouter;
import io.hazardgate.mqtt.broker.SessionRegistry;
import io.hazardgate.mqtt.metrics.MqttMetrics;

import java.util.function.Supplier;

/**
 * What every connection shares: limits, meters, the broker core and the pluggable hooks. The hooks are
 * suppliers so the server can be wired before the hooks exist (ingest needs the publisher too).
 */
public record BrokerServices(
        MqttServerConfig config,
        MqttMetrics metrics,
        SessionRegistry sessions,
        MessageRouter router,
        Disconnector disconnector,
        Supplier<InboundPublishHandler> inboundHandler,
        Supplier<SubscriptionAuthorizer> subscriptionAuthorizer) {}
