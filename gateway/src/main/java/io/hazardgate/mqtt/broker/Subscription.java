package io.hazardgate.mqtt.broker;

/**
 * One session's subscription to one topic filter with its MQTT 5 subscribe options (MQTT 3.1.1
 * subscriptions have the defaults: local messages delivered, retain flag cleared, retained sent).
 *
 * @param retainHandling 0 send retained on subscribe, 1 only if the subscription is new, 2 never
 *                       (MQTT 5 §3.8.3.1)
 */
public record Subscription(Session session, String filter, int qos, boolean noLocal,
        boolean retainAsPublished, int retainHandling) {

    public static Subscription of(Session session, String filter, int qos) {
        return new Subscription(session, filter, qos, false, false, 0);
    }
}
