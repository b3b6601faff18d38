package io.hazardgate.security;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.testing.AccountsConfig;
import io.hazardgate.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may speak on which topic of the wire contract, tried as an attacker on the gateway's own machine
 * would: an anonymous loopback client or an authenticated account forging the gateway's risk events, a
 * logger's status or telemetry of a site whose loggers have accounts, or a device's error messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayTopicsAccessTest {
    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int SUBACK = 9;

    @TempDir static Path dir;
    private Gateway gateway;
    private int port;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        gateway = Gateway.start(AccountsConfig.write(dir, ""), Clock.systemUTC());
        port = gateway.mqttPort();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) c.close();
        clients.clear();
    }

    @AfterAll
    void stop() {
        if (gateway != null) gateway.close();
    }

    @Test
    void riskEventsComeFromTheGatewayOnlyAndConsumersMayReadThem() throws Exception {
        RawMqttClient consumer = login("risk-reader", "watcher");
        assertEquals(1, subscribe(consumer, "risk-event/demo/#", 1), "a consumer reads its sites' risk events (docs/protocol.md)");

        RawMqttClient anonymous = login("risk-forger", null);
        anonymous.send(RawMqttClient.packet(0x33, publishBody("risk-event/demo/TF1", 1, "{\"colour\":\"blue\",\"forged\":true}")));
        RawMqttClient admin = login("risk-admin", "admin");
        admin.send(RawMqttClient.packet(0x33, publishBody("risk-event/demo/TD1", 2, "{\"forged\":true}")));
        try (RawMqttClient willForger = client()) {
            willForger.send(RawMqttClient.connect311WithWill("will-forger", "risk-event/demo/TF1", "{\"forged\":true}"));
            RawMqttClient.Packet refused = willForger.read(WAIT);
            assertEquals(CONNACK, refused.type());
            assertEquals(0x05, refused.body()[1], "a will on the gateway's risk events refuses the CONNECT");
        }

        gateway.mqtt().publisher().publish("risk-event/demo/TF1", "{\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        RawMqttClient.Packet first = consumer.readUntil(PUBLISH, WAIT);
        assertTrue(payloadOf(first).contains("red"), "the first risk event the consumer sees is the gateway's: " + payloadOf(first));

        RawMqttClient late = login("risk-late", "watcher");
        subscribe(late, "risk-event/demo/#", 1);
        gateway.mqtt().publisher().publish("risk-event/demo/TD1", "{\"colour\":\"blue\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        assertTrue(payloadOf(late.readUntil(PUBLISH, WAIT)).contains("blue"), "no forged retained event waits for new subscribers");
    }

    @Test
    void anonymousClientsCannotSpeakForTheLoggersOfASiteWithDeviceAccounts() throws Exception {
        double deniedBefore = denied();
        RawMqttClient watcher = login("plant-watcher", "admin");
        subscribe(watcher, "plant/demo/#", 1);

        RawMqttClient anonymous = login("logger-forger", null);
        anonymous.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/status", 1, "offline")));
        anonymous.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/telemetry", 2,
                "{\"readings\":[{\"tag\":\"GT-101\",\"value\":80}]}")));
        anonymous.readUntil(4, WAIT); // MQTT 3.1.1: acknowledged and dropped
        anonymous.readUntil(4, WAIT);

        RawMqttClient device = login("dtu-tf1", "dtu-tf1");
        device.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/status", 1, "online")));
        RawMqttClient.Packet first = watcher.readUntil(PUBLISH, WAIT);
        assertEquals("plant/demo/dtu-tf1/status online", RawMqttClient.topicOf(first) + " " + payloadOf(first),
                "the logger's own status is the first thing on its topics");
        Await.until("refusals counted", () -> denied() >= deniedBefore + 2);
        assertTrue(gateway.alarms().activeAlarms().stream().noneMatch(a -> a.tag().equals("GT-101")),
                "the forged gas reading raised no alarm");
    }

    @Test
    void nobodyButTheGatewayWritesToADevicesErrorsTopic() throws Exception {
        RawMqttClient device = login("dtu-tf1-errors", "dtu-tf1");
        assertEquals(0, subscribe(device, "plant/demo/dtu-tf1/errors", 0));
        RawMqttClient admin = login("errors-forger", "admin");
        admin.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/errors", 1, "forged by an admin")));
        RawMqttClient anonymous = login("errors-forger-2", null);
        anonymous.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/errors", 1, "forged anonymously")));
        device.send(RawMqttClient.packet(0x33, publishBody("plant/demo/dtu-tf1/errors", 1, "forged by itself")));
        admin.readUntil(4, WAIT);
        anonymous.readUntil(4, WAIT);

        device.send(RawMqttClient.packet(0x32, publishBody("plant/demo/dtu-tf1/telemetry", 3, "not json")));
        String first = payloadOf(device.readUntil(PUBLISH, WAIT));
        assertTrue(!first.contains("forged"), "the first message on its errors topic is the gateway's own: " + first);
    }

    // ---- helpers ----

    private double denied() {
        return TestServers.counter(gateway.meters(), "hazardgate.mqtt.publishes.denied", null, null);
    }

    private RawMqttClient client() throws Exception {
        RawMqttClient c = new RawMqttClient(port);
        clients.add(c);
        return c;
    }

    /** Logs in as {@code user} (its test password), or anonymously when null. */
    private RawMqttClient login(String clientId, String user) throws Exception {
        RawMqttClient c = client();
        c.send(RawMqttClient.connect311(clientId, 60, true, user, user == null ? null : AccountsConfig.password(user)));
        RawMqttClient.Packet connAck = c.read(WAIT);
        assertEquals(CONNACK, connAck.type());
        assertEquals(0, connAck.body()[1], (user == null ? "anonymous" : user) + " logs in");
        return c;
    }

    /** The granted QoS or failure code of a one-filter SUBSCRIBE. */
    private static int subscribe(RawMqttClient c, String filter, int qos) throws Exception {
        c.send(RawMqttClient.subscribe(7, filter, qos));
        byte[] subAck = c.readUntil(SUBACK, WAIT).body();
        return subAck[2] & 0xFF;
    }

    /** Body of an MQTT 3.1.1 QoS 1/2 PUBLISH with packet id {@code id}. */
    private static byte[] publishBody(String topic, int id, String payload) {
        byte[] whole = RawMqttClient.publish(topic, 1, id, payload.getBytes(StandardCharsets.UTF_8));
        int header = 1;
        while ((whole[header] & 0x80) != 0) header++;
        return Arrays.copyOfRange(whole, header + 1, whole.length);
    }

    private static String payloadOf(RawMqttClient.Packet publish) {
        byte[] b = publish.body();
        int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int qos = (publish.firstByte() >> 1) & 3;
        int start = 2 + topicLength + (qos > 0 ? 2 : 0);
        return new String(b, start, b.length - start, StandardCharsets.UTF_8);
    }
}
