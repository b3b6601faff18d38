package io.hazardgate.mqtt.auth;

import java.util.concurrent.CompletableFuture;

/**
 * Decides who a connecting client is. Called on the connection's event loop; expensive checks
 * (password hashing) must complete the future from elsewhere so the event loop never waits.
 */
@FunctionalInterface
public interface Authenticator {
    CompletableFuture<AuthResult> authenticate(Credentials credentials);

    /** Everyone is an anonymous administrator: the behaviour of a server without users. */
    Authenticator ANONYMOUS = c -> CompletableFuture.completedFuture(AuthResult.ok(Principal.ANONYMOUS));
}
