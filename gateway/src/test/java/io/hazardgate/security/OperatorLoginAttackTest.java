package io.hazardgate.security;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hazardgate.Gateway;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.RawHttp;
import io.hazardgate.testing.TestClock;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Guessing operator passwords on the HTTP API: failed logins are throttled per address and logged with
 * it, a success from one address does not lift another's throttle, and a flood of bad logins from many
 * addresses cannot starve the password checks MQTT logins need.
 */
class OperatorLoginAttackTest {
    /** An alarm id of the right form that is not active: a login that succeeds answers 404. */
    private static final String ACK = "/api/alarms/demo:GT-101:high:1/ack";

    @TempDir Path dir;
    private Gateway gateway;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) c.close();
        if (gateway != null) gateway.close();
    }

    private int start(int dutyIterations) throws Exception {
        // the clock stands still: a throttle, once there, stays for the rest of the test
        gateway = Gateway.start(AccountsConfig.write(dir, "", dutyIterations), new TestClock(System.currentTimeMillis()));
        return gateway.httpPort();
    }

    @Test
    void failedLoginsAreThrottledPerAddressAndLoggedWithIt() throws Exception {
        int port = start(io.hazardgate.config.mqtt.PasswordHash.MIN_ITERATIONS);
        ListAppender<ILoggingEvent> logged = capture();
        InetAddress guesser = RawHttp.loopback(7);
        int throttled = 0;
        for (int i = 0; i < 12 && throttled == 0; i++) {
            int status = ack(guesser, port, "duty", "guess-" + i).status();
            assertTrue(status == 401 || status == 429, "refused: " + status);
            if (status == 429) throttled++;
        }
        assertEquals(1, throttled, "repeated failures from one address are throttled");
        RawHttp.Response right = ack(guesser, port, "duty", AccountsConfig.password("duty"));
        assertEquals(429, right.status(), "even the right password waits out the throttle: " + right.body());
        assertNotNull(right.header("Retry-After"));
        assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().contains("127.0.0.7")),
                "failed logins are logged with the address: " + logged.list);

        // another address is not affected
        assertEquals(404, ack(RawHttp.loopback(8), port, "duty", AccountsConfig.password("duty")).status());
    }

    @Test
    void aSuccessFromAnotherAddressDoesNotLiftTheThrottle() throws Exception {
        int port = start(io.hazardgate.config.mqtt.PasswordHash.MIN_ITERATIONS);
        InetAddress guesser = RawHttp.loopback(9);
        for (int i = 0; i < 12; i++) {
            if (ack(guesser, port, "duty", "guess-" + i).status() == 429) break;
        }
        assertEquals(404, ack(RawHttp.loopback(10), port, "duty", AccountsConfig.password("duty")).status(),
                "the operator at another address logs in (the alarm id is unknown)");
        assertEquals(429, ack(guesser, port, "duty", AccountsConfig.password("duty")).status(),
                "the guesser's throttle stands");
    }

    @Test
    void aFloodOfBadHttpLoginsCannotStarveMqttLogins() throws Exception {
        // a slow hash for the attacked operator: each guess costs real CPU, as with production hashes
        int port = start(100_000);
        int addresses = 24;
        int perAddress = 50;
        List<RawHttp> flood = new ArrayList<>();
        for (int a = 0; a < addresses; a++) {
            RawHttp c = track(new RawHttp(RawHttp.loopback(20 + a), port));
            java.io.ByteArrayOutputStream pipelined = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < perAddress; i++) {
                pipelined.writeBytes(RawHttp.request("POST", ACK, "{}", "Authorization", RawHttp.basic("duty", "guess-" + a + "-" + i),
                        "Content-Type", "application/json"));
            }
            c.send(pipelined.toByteArray());
            flood.add(c);
        }
        // the last address's first answer means the server has taken in the flood
        flood.get(addresses - 1).read();

        RawMqttClient consumer = track(new RawMqttClient(gateway.mqttPort()));
        consumer.send(RawMqttClient.connect311("flooded-consumer", 60, true, "watcher", AccountsConfig.password("watcher")));
        RawMqttClient.Packet connAck = consumer.read(WAIT);
        assertEquals(2, connAck.type());
        assertEquals(0, connAck.body()[1], "the consumer's MQTT login is checked while HTTP is flooded");
    }

    private static RawHttp.Response ack(InetAddress from, int port, String user, String password) throws Exception {
        try (RawHttp c = new RawHttp(from, port)) {
            return c.exchange("POST", ACK, "{}", "Authorization", RawHttp.basic(user, password),
                    "Content-Type", "application/json", "X-Requested-With", "test");
        }
    }

    private ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        closeables.add(() -> root.detachAppender(appender));
        return appender;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
