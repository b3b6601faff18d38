package io.hazardgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's HTTP port as a hostile page or client sees it: a page on another site whose host name
 * was re-pointed at 127.0.0.1 (DNS rebinding), framing the dashboard, sniffing content types, parameters
 * chosen to break the store query, and connections that never finish their request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSurfaceTest {
    @TempDir static Path dir;
    private Gateway gateway;
    private int port;

    @BeforeAll
    void start() throws Exception {
        gateway = Gateway.start(AccountsConfig.write(dir,
                "http: {host: 127.0.0.1, port: 0, headerTimeout: 1s, idleTimeout: 2s}\n"), Clock.systemUTC());
        port = gateway.httpPort();
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedAsDnsRebinding() throws Exception {
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response rebound = c.exchange("GET", "/api/alarms", null, "Host", "attacker.example:" + port);
            assertEquals(421, rebound.status(), rebound.body());
            assertFalse(rebound.body().contains("["), "no data in the refusal: " + rebound.body());
        }
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "localhost"}) {
            try (RawHttp c = new RawHttp(port)) {
                assertEquals(200, c.exchange("GET", "/api/alarms", null, "Host", host).status(), host);
            }
        }
        try (RawHttp c = new RawHttp(port)) {
            assertEquals(400, c.exchange("GET", "/api/alarms", null, "Host", "").status(), "HTTP/1.1 needs a Host");
        }
    }

    @Test
    void aPageOfAnotherSiteCannotMakeTheBrowserAcknowledge() throws Exception {
        String ack = "/api/alarms/demo:GT-101:high:1/ack";
        try (RawHttp c = new RawHttp(port)) {
            // what a cross-site form or fetch sends, with credentials the browser may hold for the gateway
            RawHttp.Response forged = c.exchange("POST", ack, "{\"comment\":\"x\"}", "Host", "127.0.0.1:" + port,
                    "Origin", "http://attacker.example", "Content-Type", "text/plain",
                    "Authorization", RawHttp.basic("duty", AccountsConfig.password("duty")));
            assertEquals(403, forged.status(), forged.body());
        }
        try (RawHttp c = new RawHttp(port)) {
            // the dashboard's own page: same origin
            RawHttp.Response own = c.exchange("POST", ack, "{}", "Host", "127.0.0.1:" + port,
                    "Origin", "http://127.0.0.1:" + port, "Content-Type", "application/json",
                    "Authorization", RawHttp.basic("duty", AccountsConfig.password("duty")));
            assertEquals(404, own.status(), "accepted; the alarm id is unknown: " + own.body());
        }
    }

    @Test
    void everyAnswerCarriesHeadersAgainstFramingAndSniffing() throws Exception {
        for (String path : new String[] {"/", "/app.js", "/api/sites", "/no/such/thing", "/metrics"}) {
            try (RawHttp c = new RawHttp(port)) {
                RawHttp.Response r = c.exchange("GET", path, null);
                assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
                assertEquals("DENY", r.header("X-Frame-Options"), path);
                assertEquals("no-referrer", r.header("Referrer-Policy"), path);
                String csp = r.header("Content-Security-Policy");
                assertNotNull(csp, path);
                assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"), path + ": " + csp);
            }
        }
    }

    @Test
    void outOfRangeParametersAnswer400WithoutInternalDetails() throws Exception {
        String[] targets = {
            "/api/alarms/history?from=-9223372036854775808",
            "/api/alarms/history?to=9223372036854775807",
            "/api/alarms/history?from=99999999999999",
            "/api/sites/demo/sensors/GT-101/readings?from=-99999999999999999&to=0",
        };
        for (String target : targets) {
            try (RawHttp c = new RawHttp(port)) {
                RawHttp.Response r = c.exchange("GET", target, null);
                assertEquals(400, r.status(), target + ": " + r.body());
                String lower = r.body().toLowerCase(java.util.Locale.ROOT);
                for (String internal : new String[] {"select", "questdb", "exception", "at io.", "from alarm_event", "sql"}) {
                    assertFalse(lower.contains(internal), target + " leaks '" + internal + "': " + r.body());
                }
            }
        }
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsCutOff() throws Exception {
        try (RawHttp slow = new RawHttp(port)) {
            slow.send("GET /api/alarms HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertTrue(slow.awaitClosed(Duration.ofSeconds(15)), "closed after the header timeout");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws Exception {
        try (RawHttp idle = new RawHttp(port)) {
            assertEquals(200, idle.exchange("GET", "/health", null).status());
            assertTrue(idle.awaitClosed(Duration.ofSeconds(15)), "closed after the idle timeout");
        }
    }
}
