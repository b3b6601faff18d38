package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.mqtt.server.MqttServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users with hashed passwords and the role-based access policy, with Paho v3 and v5 clients. */
class MqttSecurityTest {
    private static final Duration FIRST_DELAY = Duration.ofMillis(150);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private UserDirectory users;
    private MqttServer server;
    private String uri;

    @BeforeEach
    void start() {
        users = new UserDirectory(List.of(
                user(Principal.device("dtu-tf1", "demo", "dtu-tf1"), "tf1-secret"),
                user(Principal.consumer("operator1", Set.of("demo")), "op-secret"),
                user(Principal.admin("admin"), "admin-secret")));
        server = new MqttServer(MqttServerConfig.defaults().toBuilder()
                .failedLoginDelay(FIRST_DELAY, Duration.ofSeconds(2)).build(), registry);
        server.security(users, new RoleAccessPolicy());
        int port = server.start(List.of(MqttListener.tcp("127.0.0.1", 0, false))).get(0).port();
        uri = "tcp://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
        users.close();
    }

    static User user(Principal principal, String password) {
        return new User(principal, PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS));
    }

    @Test
    void refusesBadPasswordAndMissingCredentialsWithTheirCodes() throws Exception {
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, v3Failure("dtu-tf1", "wrong"));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, v3Failure(null, null));
        assertEquals(0x86, v5Failure("dtu-tf1", "wrong"));
        assertEquals(0x87, v5Failure(null, null));
        assertTrue(TestServers.counter(registry, "hazardgate.mqtt.auth.failures", null, null) >= 4);
    }

    @Test
    void delaysTheAnswerToRepeatedFailedLoginsFromOneAddress() throws Exception {
        long first = timeFailure();
        long second = timeFailure();
        assertTrue(first >= FIRST_DELAY.toMillis(), "first refusal after " + first + " ms");
        assertTrue(second >= 2 * FIRST_DELAY.toMillis(), "second refusal after " + second + " ms");
        v3("dtu-tf1", "tf1-secret").disconnect(); // a success forgets the failures
    }

    @Test
    void deviceMayPublishOnlyUnderItsOwnSiteAndDevice() throws Exception {
        BlockingInbox watcher = new BlockingInbox(v3("admin", "admin-secret"), "plant/#");
        MqttClient device = v3("dtu-tf1", "tf1-secret");
        device.publish("plant/demo/dtu-td1/telemetry", "{}".getBytes(), 1, false); // v3: acknowledged, dropped
        device.publish("plant/demo/dtu-tf1/telemetry", "{}".getBytes(), 1, false);
        // the allowed publish is the sentinel: the refused one, sent first, would have arrived before it
        assertEquals("plant/demo/dtu-tf1/telemetry", watcher.take());
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.publishes.denied", null, null));

        Paho5 v5 = track(Paho5.connect(uri, "dtu-tf1-v5", o -> {
            o.setUserName("dtu-tf1");
            o.setPassword("tf1-secret".getBytes());
        }));
        assertArrayEquals(new int[] {0x87}, Paho5.codes(v5.client.publish("plant/demo/other/telemetry",
                "{}".getBytes(), 1, false)), "MQTT 5 says Not authorized in the PUBACK");
    }

    @Test
    void nobodyButTheGatewayPublishesOnAlarmTopics() throws Exception {
        BlockingInbox consumer = new BlockingInbox(v3("operator1", "op-secret"), "alarm/demo/#");
        v3("admin", "admin-secret").publish("alarm/demo/TF1/GT-101", "forged".getBytes(), 1, false);
        server.publisher().publish("alarm/demo/TF1/GT-101", "real".getBytes(), 1, false);
        // the forged publish was acknowledged before the real one was sent: the real one is the sentinel
        assertEquals(new BlockingInbox.Message("alarm/demo/TF1/GT-101", "real"), consumer.takeMessage(),
                "the forged alarm never reached the consumer");
    }

    @Test
    void consumerSubscribesToItsSitesAlarmsOnly() throws Exception {
        MqttClient consumer = v3("operator1", "op-secret");
        int[] granted = consumer.subscribeWithResponse(
                new String[] {"alarm/demo/#", "alarm-state/demo/#", "risk/demo/+", "alarm/#", "alarm/other/#", "plant/#"},
                new int[] {1, 1, 1, 1, 1, 1}).getGrantedQos();
        assertArrayEquals(new int[] {1, 1, 1, 0x80, 0x80, 0x80}, granted);

        Paho5 v5 = track(Paho5.connect(uri, "operator1-v5", o -> {
            o.setUserName("operator1");
            o.setPassword("op-secret".getBytes());
        }));
        assertArrayEquals(new int[] {0x87, 1}, Paho5.codes(v5.client.subscribe(new MqttSubscription[] {
            new MqttSubscription("plant/#", 1), new MqttSubscription("risk/demo/#", 1)})));
    }

    @Test
    void deviceMaySubscribeToItsOwnErrorsTopicOnly() throws Exception {
        MqttClient device = v3("dtu-tf1", "tf1-secret");
        int[] granted = device.subscribeWithResponse(new String[] {"plant/demo/dtu-tf1/errors", "alarm/#"},
                new int[] {0, 0}).getGrantedQos();
        assertArrayEquals(new int[] {0, 0x80}, granted);
    }

    @Test
    void connectionsBeyondThePerAddressRateAreClosedBeforeTheyAreRead() throws Exception {
        MqttServer limited = new MqttServer(MqttServerConfig.defaults().toBuilder()
                .maxConnectionsPerSecondPerIp(2).rateLimitLoopback(true).build(), registry, () -> 0L); // frozen clock
        try {
            int port = limited.start("127.0.0.1", 0);
            for (int i = 0; i < 2; i++) {
                RawMqttClient ok = track(new RawMqttClient(port));
                ok.send(RawMqttClient.connect311("ok-" + i, 60, true));
                assertEquals(2, ok.read(WAIT).type());
            }
            try (RawMqttClient third = new RawMqttClient(port)) {
                assertTrue(third.awaitClosed(WAIT));
            }
            assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.connections.refused", "reason",
                    "rate_limited"));
        } finally {
            limited.close();
        }
    }

    // ---- helpers ----

    private long timeFailure() throws Exception {
        long start = System.nanoTime();
        v3Failure("admin", "guess");
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private int v3Failure(String user, String password) {
        MqttException e = assertThrows(MqttException.class, () -> v3(user, password));
        return e.getReasonCode();
    }

    private int v5Failure(String user, String password) {
        org.eclipse.paho.mqttv5.common.MqttException e = assertThrows(org.eclipse.paho.mqttv5.common.MqttException.class,
                () -> track(Paho5.connect(uri, "v5-" + user, o -> {
                    if (user != null) {
                        o.setUserName(user);
                        o.setPassword(password.getBytes());
                    }
                })));
        return e.getReasonCode();
    }

    private MqttClient v3(String user, String password) throws MqttException {
        MqttClient c = new MqttClient(uri, "v3-" + user + "-" + closeables.size(), new MemoryPersistence());
        closeables.add(() -> {
            if (c.isConnected()) {
                c.disconnect(0);
            }
            c.close(true);
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setConnectionTimeout((int) WAIT.toSeconds());
        // Paho's default retries a refused 3.1.1 CONNECT as MQTT 3.1, which hides the return code
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        c.connect(o);
        return c;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
