package io.hazardgate.api.rest;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** Who is calling: checks HTTP Basic credentials against the operators the gateway knows. */
public interface OperatorAuth {
    /** How a login went. */
    enum Outcome {
        /** The credentials are an operator's (or an administrator's). */
        OK,
        /** Wrong, unknown, or not an account that may acknowledge. */
        DENIED,
        /** Too many failures, or checks at once, from this address: try again after {@link Login#retryAfter()}. */
        THROTTLED,
        /** Too many logins being checked at once by everyone: try again shortly. */
        BUSY
    }

    /**
     * @param operator the account's name, when {@link Outcome#OK}
     * @param sites    the sites whose alarms it may acknowledge; {@code *} for every site
     */
    record Login(Outcome outcome, String operator, Set<String> sites, Duration retryAfter) {
        public static final String ALL_SITES = "*";

        public static Login denied() { return new Login(Outcome.DENIED, null, Set.of(), Duration.ZERO); }

        public boolean isOk() { return outcome == Outcome.OK; }

        /** Whether it may acknowledge an alarm of {@code site} (null: an alarm not known, nothing to check). */
        public boolean mayAcknowledge(String site) {
            return isOk() && (site == null || sites.contains(ALL_SITES) || sites.contains(site));
        }
    }

    /**
     * Checks an {@code Authorization: Basic} header sent from {@code from}. Checking a password is slow
     * on purpose, so this never runs on the caller's thread; failures are throttled per address.
     */
    CompletionStage<Login> login(String authorizationHeader, InetAddress from);

    /** Whether any user may acknowledge at all; without one nobody can. */
    boolean hasOperators();
}
