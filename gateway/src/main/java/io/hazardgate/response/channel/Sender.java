package io.hazardgate.response.channel;

/** One channel's way of sending. Called by that channel's own thread only; may block up to its timeout. */
public interface Sender extends AutoCloseable {
    Delivery send(Envelope envelope);

    @Override
    default void close() {}
}
