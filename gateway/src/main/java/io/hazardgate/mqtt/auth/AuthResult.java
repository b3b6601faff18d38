package io.hazardgate.mqtt.auth;

/**
 * The answer to a CONNECT's credentials: a principal, or why not.
 *
 * @param principal the identity, when {@code failure} is null
 */
public record AuthResult(Principal principal, Failure failure, String detail) {
    /** Why a CONNECT is refused; each maps to a CONNACK code of MQTT 3.1.1 and of MQTT 5. */
    public enum Failure {
        /** Unknown user or wrong password: 0x04 (3.1.1) / 0x86 (5). */
        BAD_CREDENTIALS,
        /** No credentials where they are required, or an identity without a user: 0x05 / 0x87. */
        NOT_AUTHORIZED,
        /** Too many logins being checked at once: 0x03 Server unavailable / 0x89 Server busy. */
        SERVER_BUSY
    }

    public static AuthResult ok(Principal principal) { return new AuthResult(principal, null, null); }

    public static AuthResult refused(Failure failure, String detail) { return new AuthResult(null, failure, detail); }

    public boolean isOk() { return failure == null; }
}
