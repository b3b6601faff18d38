package io.hazardgate.mqtt.broker;

import java.util.List;
import java.util.Set;

/**
 * A whole persistent session as plain values: what a snapshot of the session store writes and what a
 * restart restores ({@link SessionRegistry#restore}).
 *
 * @param persistId      its id in the session store
 * @param owner          the identity that created it; only it may resume it
 * @param offlineNanos   how long it has been offline; 0 when it is (or was, at a crash) connected
 * @param online         whether a connection was bound to it when the image was taken
 * @param nextSeq        the sequence number its next queued message gets
 * @param lastPacketId   the packet id last given to one of its messages
 * @param will           the will waiting to be published (its delay runs from the disconnect), or null
 */
public record SessionImage(long persistId, String clientId, String owner, long expirySeconds, long offlineNanos,
        boolean online, long nextSeq, int lastPacketId, List<SubscriptionImage> subscriptions,
        List<QueuedImage> queue, Set<Integer> qos2Received, Will will) {

    /** One subscription, as {@link Subscription} without its session. */
    public record SubscriptionImage(String filter, int qos, boolean noLocal, boolean retainAsPublished,
            int retainHandling, int subscriptionId, String shareGroup) {

        static SubscriptionImage of(Subscription s) {
            return new SubscriptionImage(s.filter(), s.qos(), s.noLocal(), s.retainAsPublished(), s.retainHandling(),
                    s.subscriptionId(), s.shareGroup());
        }

        Subscription bind(Session session) {
            return new Subscription(session, filter, qos, noLocal, retainAsPublished, retainHandling, subscriptionId,
                    shareGroup);
        }
    }

    /**
     * One QoS 1/2 message queued for the session.
     *
     * @param sent            written to the client at least once: a resend carries DUP
     * @param awaitingPubComp the client's PUBREC came: PUBREL is owed, not the message
     * @param shareGroup      the shared subscription it was picked for ({@code name}), or null
     * @param shareFilter     that subscription's filter, or null
     */
    public record QueuedImage(long seq, PublishedMessage message, int qos, boolean retain, int packetId,
            int[] subscriptionIds, boolean sent, boolean awaitingPubComp, String shareGroup, String shareFilter) {}
}
