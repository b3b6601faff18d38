package io.hazardgate.api;

/** Who is calling: checks an HTTP {@code Authorization} header against the operators the gateway knows. */
public interface OperatorAuth {
    /** The operator's name when the header carries valid operator credentials, else null. */
    String operator(String authorizationHeader);

    /** Whether any operator is configured; without one nobody can acknowledge. */
    boolean hasOperators();
}
