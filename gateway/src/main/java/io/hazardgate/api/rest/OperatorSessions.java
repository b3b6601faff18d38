package io.hazardgate.api.rest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-ins of operators on the dashboard: a password is checked once and exchanged for a random token,
 * which the browser keeps (in its session storage) instead of the password and sends as
 * {@code Authorization: Bearer}. A token lasts one shift; signing out, or a restart, ends it.
 */
public final class OperatorSessions {
    /** One shift. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    /** Far more operators than any control room has; a bound against a flood of sign-ins. */
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A signed-in operator: who, which sites, until when. */
    public record Session(String operator, Set<String> sites, Instant expires) {
        public boolean mayAcknowledge(String site) {
            return site == null || sites.contains(OperatorAuth.Login.ALL_SITES) || sites.contains(site);
        }
    }

    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public OperatorSessions(Clock clock) {
        this.clock = clock;
    }

    /** Opens a session for a successful login and returns its token. */
    public String open(OperatorAuth.Login login) {
        if (sessions.size() >= MAX_SESSIONS) {
            Instant now = clock.instant();
            sessions.values().removeIf(s -> !s.expires().isAfter(now));
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().expires()))
                        .ifPresent(oldest -> sessions.remove(oldest.getKey()));
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(login.operator(), Set.copyOf(login.sites()), clock.instant().plus(LIFETIME)));
        return token;
    }

    /** The session of a token, or null when it is unknown or has expired. */
    public Session find(String token) {
        if (token == null) return null;
        Session s = sessions.get(token);
        if (s == null) return null;
        if (!s.expires().isAfter(clock.instant())) {
            sessions.remove(token, s);
            return null;
        }
        return s;
    }

    /** Signs out; false when the token was not signed in. */
    public boolean close(String token) {
        return token != null && sessions.remove(token) != null;
    }
}
