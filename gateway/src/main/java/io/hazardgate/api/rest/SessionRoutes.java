package io.hazardgate.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.api.http.ApiRequest;
import io.hazardgate.api.http.HttpResponseSpec;
import io.hazardgate.api.http.HttpRoute;
import io.hazardgate.api.http.HttpRoutes;
import io.hazardgate.api.http.Json;
import java.util.concurrent.CompletionStage;

/**
 * Signing an operator in and out of the dashboard: {@code POST /api/session} with the password (HTTP
 * Basic) answers a token for {@code Authorization: Bearer}; {@code DELETE /api/session} ends it.
 */
final class SessionRoutes {
    private final OperatorCaller callers;
    private final OperatorSessions sessions;
    private final OperatorAuth auth;

    SessionRoutes(OperatorCaller callers, OperatorSessions sessions, OperatorAuth auth) {
        this.callers = callers;
        this.sessions = sessions;
        this.auth = auth;
    }

    void register(HttpRoutes routes) {
        routes.post("/api/session", this::signIn);
        routes.delete("/api/session", HttpRoute.sync(r -> {
            if (!sessions.close(r.bearerToken())) throw new ApiRequest.BadRequest(401, "not signed in");
            return new HttpResponseSpec(204, HttpResponseSpec.JSON, new byte[0]);
        }));
    }

    private CompletionStage<HttpResponseSpec> signIn(ApiRequest r) {
        if (!auth.hasOperators()) {
            throw new ApiRequest.BadRequest(403, "no operator is configured: add a user with role operator to the gateway config");
        }
        return callers.login(r).thenApply(login -> {
            if (!login.isOk()) return OperatorCaller.refusal(r, login);
            String token = sessions.open(login);
            ObjectNode out = JsonViews.object().put("token", token).put("operator", login.operator())
                    .put("expiresAt", sessions.find(token).expires().toString());
            login.sites().forEach(out.putArray("sites")::add);
            return HttpResponseSpec.json(200, Json.bytes(out)).withHeader("Cache-Control", "no-store");
        });
    }
}
