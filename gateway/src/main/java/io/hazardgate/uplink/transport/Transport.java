package io.hazardgate.uplink.transport;

import io.hazardgate.uplink.feed.OutgoingMessage;
import java.util.List;

/** How an uplink's messages reach the platform: an HTTP(S) push or an MQTT bridge. */
public interface Transport extends AutoCloseable {
    /**
     * Delivers the messages in order and returns once the platform took them all.
     *
     * @throws DeliveryException naming how many went before the failure; the caller sends the rest again
     */
    void deliver(List<OutgoingMessage> messages) throws DeliveryException, InterruptedException;

    /** Where the messages go, for logs and status: a URL, never a credential. */
    String target();

    @Override
    void close();
}
