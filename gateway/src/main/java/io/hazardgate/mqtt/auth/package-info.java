/**
 * Who may connect and what they may do: {@link io.hazardgate.mqtt.auth.Authenticator} (the configured
 * users in {@link io.hazardgate.mqtt.auth.UserDirectory}: PBKDF2 passwords, client-certificate
 * identity, anonymous where a listener allows it), {@link io.hazardgate.mqtt.auth.AccessPolicy} (the
 * gateway's roles in {@link io.hazardgate.mqtt.auth.RoleAccessPolicy}, or the open profile), and the
 * guards against hostile clients: {@link io.hazardgate.mqtt.auth.ConnectionRateLimiter},
 * {@link io.hazardgate.mqtt.auth.LoginThrottle} and the bounded password-check pools of
 * {@link io.hazardgate.mqtt.auth.PasswordChecks}. Nothing here touches Netty; may use {@code config}
 * (password hashes) and nothing else of the gateway.
 */
package io.hazardgate.mqtt.auth;
