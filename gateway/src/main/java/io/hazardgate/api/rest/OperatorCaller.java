package io.hazardgate.api.rest;

import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpResponseSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Who an API request speaks for: a signed-in operator ({@code Authorization: Bearer} token of
 * {@link OperatorSessions}) or an operator's password (HTTP Basic, throttled per address), or nobody,
 * with the refusal to answer.
 */
final class OperatorCaller {
    /**
     * @param operator   the operator's name, null when refused
     * @param mayAckSite whether it may acknowledge alarms of a site (null site: any)
     * @param refusal    the answer when refused
     */
    record Caller(String operator, Predicate<String> mayAckSite, HttpResponseSpec refusal) {
        static Caller refused(HttpResponseSpec refusal) { return new Caller(null, s -> false, refusal); }
    }

    private final OperatorAuth auth;
    private final OperatorSessions sessions;

    OperatorCaller(OperatorAuth auth, OperatorSessions sessions) {
        this.auth = auth;
        this.sessions = sessions;
    }

    CompletionStage<Caller> of(ApiRequest r) {
        String token = r.bearerToken();
        if (token != null) {
            OperatorSessions.Session s = sessions.find(token);
            return CompletableFuture.completedFuture(s == null
                    ? Caller.refused(HttpResponseSpec.error(401, "not signed in, or the sign-in has expired: sign in again"))
                    : new Caller(s.operator(), s::mayAcknowledge, null));
        }
        return login(r).thenApply(login -> login.isOk() ? new Caller(login.operator(), login::mayAcknowledge, null)
                : Caller.refused(refusal(r, login)));
    }

    CompletionStage<OperatorAuth.Login> login(ApiRequest r) {
        return auth.login(r.header("Authorization"), r.remote());
    }

    /** The answer to a login that did not succeed. */
    static HttpResponseSpec refusal(ApiRequest r, OperatorAuth.Login login) {
        long retry = Math.max(1, (login.retryAfter().toMillis() + 999) / 1000);
        return switch (login.outcome()) {
            case THROTTLED -> HttpResponseSpec.error(429, "too many failed logins from this address: try again in " + retry + " s")
                    .withHeader("Retry-After", Long.toString(retry));
            case BUSY -> HttpResponseSpec.error(503, "too many logins being checked: try again in " + retry + " s")
                    .withHeader("Retry-After", Long.toString(retry));
            default -> {
                HttpResponseSpec denied = HttpResponseSpec.error(401, "credentials of an operator of this alarm's site required (HTTP Basic)");
                // the dashboard asks for credentials itself; a challenge would make the browser pop up its own
                yield r.header("X-Requested-With") != null ? denied
                        : denied.withHeader("WWW-Authenticate", "Basic realm=\"HazardGate\", charset=\"UTF-8\"");
            }
        };
    }
}
