package io.hazardgate.mqtt;

/**
 * Decides whether a client may subscribe to a topic filter. A denied filter gets the SUBACK failure
 * code (0x80 in MQTT 3.1.1, 0x87 Not authorized in MQTT 5) while the other filters of the same
 * SUBSCRIBE are still granted. Called on the client's event loop; must not block.
 */
@FunctionalInterface
public interface SubscriptionAuthorizer {
    boolean maySubscribe(ClientInfo client, String topicFilter);

    SubscriptionAuthorizer ALLOW_ALL = (client, filter) -> true;
}
