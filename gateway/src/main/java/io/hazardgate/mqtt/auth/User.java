package io.hazardgate.mqtt.auth;

import io.hazardgate.config.mqtt.PasswordHash;

/**
 * A configured MQTT user.
 *
 * @param passwordHash null for a user that logs in only with a client certificate
 */
public record User(Principal principal, PasswordHash passwordHash) {
    public String name() { return principal.name(); }
}
