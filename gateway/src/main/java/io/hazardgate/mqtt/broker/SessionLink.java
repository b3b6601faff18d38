package io.hazardgate.mqtt.broker;

/**
 * The live connection a session delivers through, seen from the broker core. Implemented by the Netty
 * side; {@link Session} calls {@link #wakeUp()} outside its lock and everything else from
 * {@link Session#drain} on the link's own event loop.
 */
public interface SessionLink {
    /** Asks the link to call {@link Session#drain} soon on its event loop; cheap and non-blocking. */
    void wakeUp();

    /** False while the socket's outbound buffer is above its high-water mark. */
    boolean isWritable();

    /** How many QoS 1/2 messages may be unacknowledged at once (server limit and client Receive Maximum). */
    int inflightLimit();

    /** Whether the client may read this message now, by the access policy; checked at every delivery. */
    boolean mayReceive(OutboundMessage message);

    /** False when the client declared a Maximum Packet Size this delivery would exceed (MQTT 5 §3.1.2.11.4). */
    boolean accepts(OutboundMessage message);

    /** Writes (without flushing) a PUBLISH; {@code dup} for a redelivery. */
    void writePublish(OutboundMessage message, boolean dup);

    /** Writes (without flushing) a PUBREL for a QoS 2 message the client already received. */
    void writePubRel(int packetId);
}
