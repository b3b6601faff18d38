package io.hazardgate.mqtt;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A session belongs to the identity that created it. Attacks from a client that logged in as someone
 * else: resuming a control room's persistent session by its client id to read its alarms, kicking a
 * data logger off by connecting with its client id, and keeping deliveries after the rights that allowed
 * the subscription were taken away.
 */
class SessionOwnershipTest {
    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int PINGRESP = 13;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MqttServer server;
    private int port;

    @BeforeEach
    void start() {
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        server.security(track(directory(Set.of("demo"))), new RoleAccessPolicy());
        port = server.start(List.of(MqttListener.tcp("127.0.0.1", 0, false))).get(0).port();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private static UserDirectory directory(Set<String> operatorSites) {
        return new UserDirectory(List.of(
                user(Principal.device("dtu-tf1", "demo", "dtu-tf1"), "tf1-secret"),
                user(Principal.consumer("operator1", operatorSites), "op-secret")));
    }

    private static User user(Principal principal, String password) {
        return new User(principal, PasswordHash.create(password.toCharArray(), PasswordHash.MIN_ITERATIONS));
    }

    @Test
    void anotherIdentityCannotResumeAControlRoomsSessionAndReadItsAlarms() throws Exception {
        try (RawMqttClient room = login("control-room-1", false, "operator1", "op-secret")) {
            room.send(RawMqttClient.subscribe(1, "alarm/demo/#", 1));
            assertEquals(9, room.readUntil(9, WAIT).type());
            room.send(RawMqttClient.disconnect());
            room.awaitClosed(WAIT);
        }
        server.publisher().publish("alarm/demo/TF1/GT-101", "{\"state\":\"raised\"}".getBytes(), 1, false);

        RawMqttClient.Packet refused;
        try (RawMqttClient device = track(new RawMqttClient(port))) {
            device.send(RawMqttClient.connect311("control-room-1", 60, false, "dtu-tf1", "tf1-secret"));
            refused = device.read(WAIT);
            assertEquals(CONNACK, refused.type());
            assertEquals(0x05, refused.body()[1], "CONNACK 0x05 Not authorized: the client id belongs to another identity");
            device.awaitClosed(WAIT); // and nothing of the control room's session reached it
        }

        // the control room's session and its queued alarm are untouched
        RawMqttClient back = track(new RawMqttClient(port));
        back.send(RawMqttClient.connect311("control-room-1", 60, false, "operator1", "op-secret"));
        RawMqttClient.Packet connAck = back.read(WAIT);
        assertEquals(1, connAck.body()[0], "session present");
        assertEquals("alarm/demo/TF1/GT-101", RawMqttClient.topicOf(back.readUntil(PUBLISH, WAIT)));
        Await.until("refusal counted", () -> TestServers.counter(registry, "hazardgate.mqtt.connects",
                "outcome", "client_id_owned_by_another") == 1.0);
    }

    @Test
    void anotherIdentityCannotKickAConnectedDeviceOffByItsClientId() throws Exception {
        RawMqttClient device = login("dtu-tf1", true, "dtu-tf1", "tf1-secret");
        try (RawMqttClient intruder = track(new RawMqttClient(port))) {
            intruder.send(RawMqttClient.connect311("dtu-tf1", 60, true, "operator1", "op-secret"));
            RawMqttClient.Packet answer = intruder.read(WAIT);
            assertEquals(CONNACK, answer.type());
            assertNotEquals(0, answer.body()[1], "refused");
        }
        device.send(RawMqttClient.pingReq());
        assertEquals(PINGRESP, device.read(WAIT).type(), "the device is still connected");
    }

    @Test
    void readRightsAreCheckedOnEveryDeliveryNotOnlyAtSubscribe() throws Exception {
        try (RawMqttClient room = login("control-room-2", false, "operator1", "op-secret")) {
            room.send(RawMqttClient.subscribe(1, "alarm/demo/#", 1));
            assertEquals(9, room.readUntil(9, WAIT).type());
            room.send(RawMqttClient.disconnect());
            room.awaitClosed(WAIT);
        }
        // the operator's rights change while its persistent session waits: it no longer watches site demo
        server.security(track(directory(Set.of("other"))), new RoleAccessPolicy());

        RawMqttClient back = login("control-room-2", false, "operator1", "op-secret");
        back.send(RawMqttClient.subscribe(2, "alarm/other/#", 1));
        assertEquals(9, back.readUntil(9, WAIT).type());
        server.publisher().publish("alarm/demo/TF1/GT-101", "demo".getBytes(), 1, false);
        server.publisher().publish("alarm/other/S1/PT-1", "sentinel".getBytes(), 1, false);
        assertEquals("alarm/other/S1/PT-1", RawMqttClient.topicOf(back.readUntil(PUBLISH, WAIT)),
                "the alarm of a site it no longer sees is not delivered; the sentinel behind it is");
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "not_authorized"));
    }

    private RawMqttClient login(String clientId, boolean clean, String user, String password) throws Exception {
        RawMqttClient c = track(new RawMqttClient(port));
        c.send(RawMqttClient.connect311(clientId, 60, clean, user, password));
        RawMqttClient.Packet connAck = c.read(WAIT);
        assertEquals(CONNACK, connAck.type());
        assertEquals(0, connAck.body()[1], user + " logs in");
        return c;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
