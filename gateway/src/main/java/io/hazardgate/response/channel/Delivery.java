package io.hazardgate.response.channel;

/**
 * How one attempt went. {@link Outcome#RETRY} is for anything that may pass later (the server is down,
 * busy or timed out, authentication failed); {@link Outcome#FAILED} only for a refusal that repeating
 * cannot change (the address does not exist, the request was refused as malformed).
 */
public record Delivery(Outcome outcome, String detail) {
    public enum Outcome {
        DELIVERED, RETRY, FAILED;

        public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public static Delivery delivered(String detail) { return new Delivery(Outcome.DELIVERED, detail); }

    public static Delivery retry(String detail) { return new Delivery(Outcome.RETRY, detail); }

    public static Delivery failed(String detail) { return new Delivery(Outcome.FAILED, detail); }
}
