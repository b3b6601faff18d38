package io.hazardgate.api.rest;

import java.util.concurrent.CompletionStage;

/** Who is calling: checks an HTTP {@code Authorization} header against the operators the gateway knows. */
public interface OperatorAuth {
    /**
     * Completes with the operator's name when the header carries valid credentials of a user who may
     * acknowledge alarms of {@code site}, else with null. Checking a password is slow on purpose, so this
     * never runs on the caller's thread.
     */
    CompletionStage<String> operator(String authorizationHeader, String site);

    /** Whether any user may acknowledge at all; without one nobody can. */
    boolean hasOperators();
}
