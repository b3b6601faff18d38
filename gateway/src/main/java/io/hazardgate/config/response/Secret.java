package io.hazardgate.config.response;

/**
 * A password or key from the configuration (an SMTP password, a webhook's signing key). It never shows
 * itself: {@link #toString()} is a mask, so a secret that reaches a log line or an error message by
 * accident leaks nothing. Only {@link #reveal()} gives the value, to the code that sends it.
 */
public final class Secret {
    public static final Secret NONE = new Secret("");

    private final String value;

    public Secret(String value) { this.value = value; }

    public String reveal() { return value; }

    public boolean isEmpty() { return value.isEmpty(); }

    @Override
    public String toString() { return value.isEmpty() ? "(none)" : "****"; }

    @Override
    public boolean equals(Object o) { return o instanceof Secret s && s.value.equals(value); }

    @Override
    public int hashCode() { return value.hashCode(); }
}
