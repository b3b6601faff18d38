package io.hazardgate.uplink.transport;

/**
 * A platform did not take a message. {@link Kind} decides what the uplink does: retry with backoff, or
 * pause until someone fixes the key or the template (the data waits in the log either way).
 */
public final class DeliveryException extends Exception {
    /** Why a message did not go. */
    public enum Kind {
        /** the platform could not be reached or answered that it is busy or failing: retry with backoff */
        UNREACHABLE,
        /** the platform refused our credentials or signature: pause */
        KEY_REFUSED,
        /** the platform refused the message itself (its schema, its codes): pause */
        PAYLOAD_REFUSED
    }

    private final Kind kind;
    private final int delivered;

    /**
     * @param delivered how many messages of the group went before this one failed
     */
    public DeliveryException(Kind kind, int delivered, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.delivered = delivered;
    }

    public Kind kind() { return kind; }

    public int delivered() { return delivered; }

    public DeliveryException after(int alreadyDelivered) {
        return new DeliveryException(kind, alreadyDelivered + delivered, getMessage(), getCause());
    }
}
