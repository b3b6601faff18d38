package io.hazardgate;

import io.hazardgate.api.rest.OperatorAuth;
import io.hazardgate.mqtt.auth.AuthResult;
import io.hazardgate.mqtt.auth.Credentials;
import io.hazardgate.mqtt.auth.PasswordChecks;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.Role;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator credentials for the HTTP API: HTTP Basic checked against the same users (and the same
 * PBKDF2 hashes) as MQTT logins, but on a small password-check pool of its own, so a flood of bad HTTP
 * logins cannot hold back MQTT logins. Failures are throttled per address ({@link AddressThrottle}) and
 * logged with it. Operators may acknowledge alarms of their sites, admins of all.
 */
final class OperatorLogin implements OperatorAuth, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperatorLogin.class);
    /** One thread: an operator's login is rare, and each check costs a core for half a second. */
    static final int CHECK_THREADS = 1;
    /** Checks waiting at most; beyond, a login is answered "busy" at once. */
    static final int CHECKS_QUEUED = 16;
    /** The address a request without one (a test harness) counts against. */
    private static final InetAddress UNKNOWN = InetAddress.getLoopbackAddress();

    private final UserDirectory users;
    private final boolean hasOperators;
    private final PasswordChecks checks = new PasswordChecks("http-auth", CHECK_THREADS, CHECKS_QUEUED);
    private final AddressThrottle throttle;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    /** @param nanoClock the clock failures are timed on (the gateway's clock, so tests can hold it still) */
    OperatorLogin(UserDirectory users, boolean hasOperators, MeterRegistry meters, LongSupplier nanoClock) {
        this.users = users;
        this.hasOperators = hasOperators;
        this.throttle = new AddressThrottle(nanoClock);
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, GatewayMetrics.httpLogins(meters, o.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public boolean hasOperators() { return hasOperators; }

    @Override
    public CompletionStage<Login> login(String header, InetAddress from) {
        InetAddress address = from == null ? UNKNOWN : from;
        String[] basic = basic(header);
        if (basic == null) {
            return done(Login.denied());
        }
        Duration wait = throttle.acquire(address);
        if (wait != null) {
            return done(new Login(Outcome.THROTTLED, null, Set.of(), wait));
        }
        CompletableFuture<AuthResult> checked = users.authenticate(new Credentials(basic[0],
                basic[1].getBytes(StandardCharsets.UTF_8), null, address, false), checks);
        return checked.handle((r, error) -> {
            throttle.release(address);
            if (error != null || r == null) {
                log.warn("Checking the HTTP login of '{}' from {} failed", printable(basic[0]), address.getHostAddress(), error);
                return counted(new Login(Outcome.BUSY, null, Set.of(), Duration.ofSeconds(1)));
            }
            if (r.failure() == AuthResult.Failure.SERVER_BUSY) {
                return counted(new Login(Outcome.BUSY, null, Set.of(), Duration.ofSeconds(1)));
            }
            if (r.isOk() && mayAcknowledge(r.principal())) {
                throttle.succeeded(address);
                Principal p = r.principal();
                return counted(new Login(Outcome.OK, p.name(), p.role() == Role.ADMIN ? Set.of(Login.ALL_SITES) : p.sites(),
                        Duration.ZERO));
            }
            AddressThrottle.Failure f = throttle.failed(address);
            log.warn("Failed operator login on the HTTP API as '{}' from {}: {} ({} failures from that address; "
                    + "its next attempt waits {} ms)", printable(basic[0]), address.getHostAddress(),
                    r.isOk() ? "not an operator" : r.detail(), f.count(), f.nextAttemptWaits().toMillis());
            return counted(Login.denied());
        });
    }

    private Login counted(Login login) {
        outcomes.get(login.outcome()).increment();
        return login;
    }

    private CompletionStage<Login> done(Login login) {
        return CompletableFuture.completedFuture(counted(login));
    }

    /** User and password of an {@code Authorization: Basic} header, or null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return null;
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static boolean mayAcknowledge(Principal p) {
        return p.role() == Role.ADMIN || p.role() == Role.OPERATOR;
    }

    /** A user name as a client sent it, safe for one log line. */
    private static String printable(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), 64));
        for (int i = 0; i < name.length() && i < 64; i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    @Override
    public void close() { checks.close(); }
}
