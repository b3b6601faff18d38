package io.hazardgate.uplink.feed;

/**
 * A message waiting to go, built when it is sent: whether it is marked as backfilled depends on how
 * long it waited, which only the moment of sending knows.
 */
public interface PendingMessage {
    /** The message as it goes at {@code nowMillis}. */
    OutgoingMessage build(long nowMillis);

    /** When the log wrote the first record it carries, epoch ms; 0 for a message not from the log. */
    long firstAppendedAt();

    /** A message built once, not from the log. */
    static PendingMessage of(OutgoingMessage m) {
        return new PendingMessage() {
            @Override public OutgoingMessage build(long nowMillis) { return m; }

            @Override public long firstAppendedAt() { return 0; }
        };
    }
}
