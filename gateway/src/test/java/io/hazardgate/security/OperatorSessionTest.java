package io.hazardgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazardgate.Gateway;
import io.hazardgate.api.rest.OperatorSessions;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.RawHttp;
import io.hazardgate.testing.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard signs an operator in once and keeps a token, never the password: the token
 * acknowledges until it expires at the end of a shift or the operator signs out.
 */
class OperatorSessionTest {
    /** An alarm id of the right form that is not active: an accepted caller gets 404. */
    private static final String ACK = "/api/alarms/demo:GT-101:high:1/ack";

    @TempDir Path dir;

    @Test
    void aTokenStandsInForThePasswordUntilItExpiresOrTheOperatorSignsOut() throws Exception {
        TestClock clock = new TestClock(System.currentTimeMillis());
        try (Gateway gateway = Gateway.start(AccountsConfig.write(dir, ""), clock)) {
            int port = gateway.httpPort();
            String token = signIn(port);

            assertEquals(404, ack(port, "Bearer " + token), "the token is accepted (the alarm id is unknown)");
            assertEquals(401, ack(port, "Bearer not-a-token"));
            clock.advance(OperatorSessions.LIFETIME.toMillis() + 1000);
            assertEquals(401, ack(port, "Bearer " + token), "a shift later the token has expired");

            String next = signIn(port);
            try (RawHttp c = new RawHttp(port)) {
                assertEquals(204, c.exchange("DELETE", "/api/session", null, "Authorization", "Bearer " + next).status());
            }
            assertEquals(401, ack(port, "Bearer " + next), "signed out");
        }
    }

    @Test
    void signingInNeedsTheOperatorsPassword() throws Exception {
        try (Gateway gateway = Gateway.start(AccountsConfig.write(dir, ""), java.time.Clock.systemUTC());
             RawHttp c = new RawHttp(gateway.httpPort())) {
            assertEquals(401, c.exchange("POST", "/api/session", "", "Authorization", RawHttp.basic("duty", "guess"),
                    "X-Requested-With", "test").status());
            assertEquals(401, c.exchange("POST", "/api/session", "", "Authorization", RawHttp.basic("watcher",
                    AccountsConfig.password("watcher")), "X-Requested-With", "test").status(), "a consumer is no operator");
        }
    }

    private static String signIn(int port) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response r = c.exchange("POST", "/api/session", "", "Authorization",
                    RawHttp.basic("duty", AccountsConfig.password("duty")));
            assertEquals(200, r.status(), r.body());
            assertEquals("no-store", r.header("Cache-Control"));
            assertFalse(r.body().contains(AccountsConfig.password("duty")));
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertEquals("duty", body.get("operator").asText());
            String token = body.get("token").asText();
            assertTrue(token.length() >= 40, token);
            return token;
        }
    }

    private static int ack(int port, String authorization) throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            return c.exchange("POST", ACK, "{}", "Authorization", authorization, "Content-Type", "application/json",
                    "X-Requested-With", "test").status();
        }
    }
}
