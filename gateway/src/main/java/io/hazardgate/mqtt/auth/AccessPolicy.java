package io.hazardgate.mqtt.auth;

/**
 * Who may publish to which topic and subscribe to which filter. Called on event loops; must not block.
 * A denied PUBLISH is answered with 0x87 Not authorized (MQTT 5 QoS 1/2) or acknowledged and dropped
 * (MQTT 3.1.1 has no negative acknowledgement, §3.3.5); a denied filter gets its SUBACK failure code.
 */
public interface AccessPolicy {
    boolean mayPublish(Principal principal, String topic);

    /** @param filter the filter without a {@code $share/{group}/} prefix */
    boolean maySubscribe(Principal principal, String filter);

    /**
     * Whether a message on {@code topic} may be delivered to the client now. Asked for every delivery,
     * not only at SUBSCRIBE: rights can change while a persistent session waits. By default: whether
     * the client could subscribe to exactly that topic.
     */
    default boolean mayRead(Principal principal, String topic) { return maySubscribe(principal, topic); }

    /** No restriction at all. */
    AccessPolicy ALLOW_ALL = new AccessPolicy() {
        @Override public boolean mayPublish(Principal principal, String topic) { return true; }

        @Override public boolean maySubscribe(Principal principal, String filter) { return true; }
    };
}
