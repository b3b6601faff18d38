package io.hazardgate.mqtt.broker;

/**
 * One session's subscription to one topic filter with its MQTT 5 subscribe options (MQTT 3.1.1
 * subscriptions have the defaults: local messages delivered, retain flag cleared, retained sent).
 *
 * @param filter         the filter topics are matched against; for a shared subscription the part
 *                       after {@code $share/{group}/} (MQTT 5 §4.8.2)
 * @param retainHandling 0 send retained on subscribe, 1 only if the subscription is new, 2 never
 *                       (MQTT 5 §3.8.3.1)
 * @param subscriptionId MQTT 5 Subscription Identifier (§3.8.2.1.2), 0 for none
 * @param shareGroup     the share name of a shared subscription, null for an ordinary one
 */
public record Subscription(Session session, String filter, int qos, boolean noLocal,
        boolean retainAsPublished, int retainHandling, int subscriptionId, String shareGroup) {

    public Subscription(Session session, String filter, int qos, boolean noLocal, boolean retainAsPublished,
            int retainHandling) {
        this(session, filter, qos, noLocal, retainAsPublished, retainHandling, 0, null);
    }

    public static Subscription of(Session session, String filter, int qos) {
        return new Subscription(session, filter, qos, false, false, 0);
    }

    public boolean isShared() { return shareGroup != null; }

    /** The filter as the client wrote it, which is how the session and UNSUBSCRIBE know it. */
    public String clientFilter() {
        return shareGroup == null ? filter : TopicFilters.SHARED_PREFIX + shareGroup + "/" + filter;
    }
}
