package io.hazardgate.mqtt.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Authenticates against the users of the config: a password checked against its PBKDF2 hash, or a
 * verified client certificate whose identity names a user, or no credentials on a listener that
 * allows anonymous clients. Hashing runs on a small pool, never on an event loop: MQTT logins on the
 * directory's own, other callers (the HTTP API) on theirs ({@link #authenticate(Credentials, PasswordChecks)}).
 * A password once verified is remembered (as a keyed SHA-256, in memory only) so that a plant's loggers
 * reconnecting after an outage cost one PBKDF2 run each, not one per reconnect.
 *
 * <p>With no users configured at all, any credentials are taken as anonymous where anonymous access is
 * allowed, as a general-purpose broker without a password file does.
 */
public final class UserDirectory implements Authenticator, AutoCloseable {
    /** Logins waiting for a hash check beyond this are refused as "server busy". */
    static final int MAX_PENDING_CHECKS = 1024;

    private final Map<String, User> users;
    private final PasswordChecks mqttChecks;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    public UserDirectory(Collection<User> users) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
        new SecureRandom().nextBytes(cacheKey);
        this.mqttChecks = new PasswordChecks("mqtt-auth", Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                MAX_PENDING_CHECKS);
    }

    /** Authenticates an MQTT CONNECT, hashing on the MQTT logins' own pool. */
    @Override
    public CompletableFuture<AuthResult> authenticate(Credentials c) {
        return authenticate(c, mqttChecks);
    }

    /** Authenticates, hashing on {@code checks}: the caller's own pool, so its floods stay its own. */
    public CompletableFuture<AuthResult> authenticate(Credentials c, PasswordChecks checks) {
        if (users.isEmpty()) {
            return done(c.anonymousAllowed() ? AuthResult.ok(Principal.ANONYMOUS)
                    : AuthResult.refused(AuthResult.Failure.NOT_AUTHORIZED, "no users configured"));
        }
        if (c.password() != null) {
            return checkPassword(c.username(), c.password(), checks);
        }
        if (c.certificateIdentity() != null) {
            User user = users.get(c.certificateIdentity());
            return done(user != null ? AuthResult.ok(user.principal())
                    : AuthResult.refused(AuthResult.Failure.NOT_AUTHORIZED,
                            "certificate identity '" + c.certificateIdentity() + "' is not a configured user"));
        }
        if (c.username() != null) {
            return done(AuthResult.refused(AuthResult.Failure.BAD_CREDENTIALS, "user name without password"));
        }
        return done(c.anonymousAllowed() ? AuthResult.ok(Principal.ANONYMOUS)
                : AuthResult.refused(AuthResult.Failure.NOT_AUTHORIZED, "credentials required on this listener"));
    }

    private CompletableFuture<AuthResult> checkPassword(String username, byte[] passwordBytes, PasswordChecks checks) {
        User user = username == null ? null : users.get(username);
        if (user == null || user.passwordHash() == null) {
            return done(AuthResult.refused(AuthResult.Failure.BAD_CREDENTIALS, "unknown user '" + username + "'"));
        }
        byte[] fingerprint = fingerprint(passwordBytes);
        byte[] known = verified.get(username);
        if (known != null && MessageDigest.isEqual(known, fingerprint)) {
            return done(AuthResult.ok(user.principal()));
        }
        char[] password = utf8(passwordBytes);
        if (password == null) {
            return done(AuthResult.refused(AuthResult.Failure.BAD_CREDENTIALS, "password is not UTF-8"));
        }
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        boolean queued = checks.submit(() -> {
            try {
                if (user.passwordHash().matches(password)) {
                    verified.put(username, fingerprint);
                    result.complete(AuthResult.ok(user.principal()));
                } else {
                    result.complete(AuthResult.refused(AuthResult.Failure.BAD_CREDENTIALS, "wrong password"));
                }
            } finally {
                Arrays.fill(password, '\0');
            }
        });
        if (!queued) {
            Arrays.fill(password, '\0');
            result.complete(AuthResult.refused(AuthResult.Failure.SERVER_BUSY, "too many logins being checked"));
        }
        return result;
    }

    private byte[] fingerprint(byte[] password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheKey);
            return sha.digest(password);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static char[] utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static CompletableFuture<AuthResult> done(AuthResult r) { return CompletableFuture.completedFuture(r); }

    public int size() { return users.size(); }

    /** The configured users, by name. */
    public Collection<User> users() { return users.values(); }

    @Override
    public void close() { mqttChecks.close(); }
}
