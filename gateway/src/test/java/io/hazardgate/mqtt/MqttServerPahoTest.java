package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server on a real socket with real Paho MQTT 3.1.1 and MQTT 5 clients. */
class MqttServerPahoTest {
    private SimpleMeterRegistry registry;
    private MqttServer server;
    private String uri;
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** A received message with the topic it came on. */
    record Received(String topic, String payload, int qos, boolean retained) {}

    @BeforeEach
    void start() {
        registry = new SimpleMeterRegistry();
        server = new MqttServer(MqttServerConfig.defaults(), registry);
        uri = "tcp://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already closed by the test
            }
        }
        server.close();
    }

    // ---- MQTT 3.1.1 ----

    @Test
    void deliversQos0And1ThroughWildcardFiltersAtTheGrantedQos() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient sub = v3("control-room", true, inbox);
        sub.subscribe(new String[] {"plant/+/dtu-tf1/#", "alarm/#"}, new int[] {1, 0});
        MqttClient pub = v3("dtu-tf1", true, null);
        pub.publish("plant/demo/dtu-tf1/telemetry", "r1".getBytes(), 1, false);
        pub.publish("plant/demo/dtu-td1/telemetry", "other device".getBytes(), 1, false);
        pub.publish("alarm/demo/TF1/GT-101", "a1".getBytes(), 1, false);
        pub.publish("plant/demo/dtu-tf1", "r0".getBytes(), 0, false); // '#' also matches the parent level

        assertEquals(new Received("plant/demo/dtu-tf1/telemetry", "r1", 1, false), take(inbox));
        assertEquals(new Received("alarm/demo/TF1/GT-101", "a1", 0, false), take(inbox)); // downgraded to 0
        assertEquals(new Received("plant/demo/dtu-tf1", "r0", 0, false), take(inbox));
        assertEquals(3.0, TestServers.counter(registry, "hazardgate.mqtt.messages.in", "qos", "1"));
    }

    @Test
    void keepsReplacesAndDeletesRetainedMessages() throws Exception {
        MqttClient pub = v3("gateway", true, null);
        pub.publish("risk/demo/TF1", "yellow".getBytes(), 1, true);
        pub.publish("risk/demo/TF1", "red".getBytes(), 1, true);
        pub.publish("risk/demo/TD1", "blue".getBytes(), 1, true);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient late = v3("screen-1", true, inbox);
        late.subscribe("risk/demo/TF1", 1);
        assertEquals(new Received("risk/demo/TF1", "red", 1, true), take(inbox));

        pub.publish("risk/demo/TF1", new byte[0], 1, true); // empty payload deletes
        BlockingQueue<Received> inbox2 = new LinkedBlockingQueue<>();
        MqttClient later = v3("screen-2", true, inbox2);
        later.subscribe(new String[] {"risk/demo/TF1", "risk/demo/TD1"}, new int[] {1, 1});
        // only TD1 is still retained; a sentinel published afterwards proves nothing else came first
        assertEquals(new Received("risk/demo/TD1", "blue", 1, true), take(inbox2));
        pub.publish("risk/demo/TF1", "sentinel".getBytes(), 1, false);
        assertEquals(new Received("risk/demo/TF1", "sentinel", 1, false), take(inbox2));
    }

    @Test
    void persistentSessionReceivesInOrderWhatWasPublishedWhileOffline() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient consumer = v3("scada-1", false, inbox);
        consumer.subscribe("alarm/#", 1);
        consumer.disconnect();
        Await.until("server saw the consumer go", () ->
                TestServers.gauge(registry, "hazardgate.mqtt.connections") == 0);

        for (int i = 1; i <= 5; i++) {
            server.publisher().publish("alarm/demo/TF1/GT-101", ("event " + i).getBytes(), 1, false);
        }
        server.publisher().publish("alarm/demo/TF1/GT-101", "qos0 is not kept".getBytes(), 0, false);

        consumer.connect(options(false));
        for (int i = 1; i <= 5; i++) {
            assertEquals("event " + i, take(inbox).payload());
        }
        server.publisher().publish("alarm/demo/TF1/GT-101", "live".getBytes(), 1, false);
        assertEquals("live", take(inbox).payload());
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "qos0_offline"));
    }

    @Test
    void newConnectionWithSameClientIdTakesOverTheSession() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        MqttClient first = new MqttClient(uri, "dtu-td1", new MemoryPersistence());
        clients.add(first);
        first.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) { lost.countDown(); }
            @Override public void messageArrived(String topic, MqttMessage message) {}
            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        first.connect(options(false));
        first.subscribe("cmd/dtu-td1", 1);

        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient second = v3("dtu-td1", false, inbox);
        assertTrue(lost.await(WAIT.toSeconds(), TimeUnit.SECONDS), "old connection closed");
        server.publisher().publish("cmd/dtu-td1", "resync".getBytes(), 1, false);
        assertEquals("resync", take(inbox).payload(), "the taken-over session kept its subscription");
        Await.until("takeover counted", () ->
                TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", "session_taken_over") == 1.0);
        assertTrue(second.isConnected());
    }

    @Test
    void publishesWillOnAbnormalCloseButNotAfterDisconnect() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        MqttClient watcher = v3("watcher", true, inbox);
        watcher.subscribe("status/#", 1);

        try (RawMqttClient polite = new RawMqttClient(server.port())) {
            polite.send(RawMqttClient.connect311WithWill("polite", "status/polite", "gone"));
            polite.read(WAIT);
            polite.send(RawMqttClient.disconnect());
            assertTrue(polite.awaitClosed(WAIT));
        }
        try (RawMqttClient crashing = new RawMqttClient(server.port())) {
            crashing.send(RawMqttClient.connect311WithWill("crashing", "status/crashing", "lost"));
            crashing.read(WAIT);
        } // socket closed without DISCONNECT
        assertEquals(new Received("status/crashing", "lost", 0, false), take(inbox),
                "only the crashed client's will arrives");
    }

    @Test
    void deniedFilterGetsFailureWhileOthersAreGranted() throws Exception {
        server.subscriptionAuthorizer((client, filter) -> !filter.equals("test/nosubscribe"));
        MqttClient client = v3("tester", true, null);
        var token = client.subscribeWithResponse(new String[] {"test/nosubscribe", "test/ok"}, new int[] {1, 2});
        assertArrayEquals(new int[] {0x80, 2}, token.getGrantedQos());
    }

    // ---- MQTT 5 ----

    @Test
    void mqtt5RejectedPublishGetsPubAckWithReasonCode() throws Exception {
        server.inboundPublishHandler((client, topic, payload, qos, ack) -> {
            if (topic.endsWith("/bad")) {
                ack.rejected(0x99, "payload is not JSON");
                return true;
            }
            return false;
        });
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = v5("dtu-v5", null);
        IMqttToken good = client.publish("plant/demo/dtu-v5/telemetry", "{}".getBytes(), 1, false);
        good.waitForCompletion(WAIT.toMillis());
        assertArrayEquals(new int[] {0}, good.getReasonCodes());

        IMqttToken bad = client.publish("plant/demo/dtu-v5/bad", "x".getBytes(), 1, false);
        try {
            bad.waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            // Paho surfaces an error reason code as an exception; the code is what matters
        }
        assertTrue(bad.isComplete());
        assertArrayEquals(new int[] {0x99}, bad.getReasonCodes());
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.rejected", "reason_code", "0x99"));
    }

    @Test
    void mqtt5ClientWithEmptyIdIsAssignedOne() throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client =
                new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri, "", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        closeLater(client);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        IMqttToken token = client.connect(options);
        token.waitForCompletion(WAIT.toMillis());
        String assigned = token.getResponseProperties().getAssignedClientIdentifier();
        assertNotNull(assigned);
        assertTrue(assigned.startsWith("hg-"));
    }

    @Test
    void mqtt5SessionExpiryKeepsSubscriptionAndQueueAcrossReconnect() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttAsyncClient consumer = v5("hmi-1", inbox, 3600L, false);
        consumer.subscribe(new MqttSubscription[] {new MqttSubscription("alarm/#", 1)}).waitForCompletion(WAIT.toMillis());
        consumer.disconnect().waitForCompletion(WAIT.toMillis());
        server.publisher().publish("alarm/demo/TD1/PZ-01", "while offline".getBytes(), 1, false);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        consumer.connect(options).waitForCompletion(WAIT.toMillis());
        assertEquals("while offline", take(inbox).payload());
    }

    @Test
    void mqtt5DeniedFilterGetsNotAuthorized() throws Exception {
        server.subscriptionAuthorizer((client, filter) -> !filter.equals("test/nosubscribe"));
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = v5("tester5", null);
        IMqttToken token = client.subscribe(new MqttSubscription[] {
            new MqttSubscription("test/nosubscribe", 1), new MqttSubscription("test/ok", 1)});
        try {
            token.waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            // a failure code may surface as an exception; the codes are what matters
        }
        assertArrayEquals(new int[] {0x87, 1}, token.getReasonCodes());
    }

    @Test
    void mqtt5NoLocalSuppressesOwnMessages() throws Exception {
        BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = v5("echo", inbox);
        MqttSubscription noLocal = new MqttSubscription("chat/#", 1);
        noLocal.setNoLocal(true);
        client.subscribe(new MqttSubscription[] {noLocal}).waitForCompletion(WAIT.toMillis());
        client.publish("chat/room", "mine".getBytes(), 1, false).waitForCompletion(WAIT.toMillis());
        server.publisher().publish("chat/room", "theirs".getBytes(), 1, false);
        assertEquals("theirs", take(inbox).payload());
        assertFalse(inbox.stream().anyMatch(r -> r.payload().equals("mine")));
    }

    // ---- helpers ----

    private MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout((int) WAIT.toSeconds());
        return o;
    }

    private MqttClient v3(String id, boolean clean, BlockingQueue<Received> inbox) throws Exception {
        MqttClient client = new MqttClient(uri, id, new MemoryPersistence());
        clients.add(client);
        if (inbox != null) {
            client.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) {}

                @Override public void messageArrived(String topic, MqttMessage m) {
                    inbox.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained()));
                }

                @Override public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        }
        client.connect(options(clean));
        return client;
    }

    private org.eclipse.paho.mqttv5.client.MqttAsyncClient v5(String id, BlockingQueue<Received> inbox) throws Exception {
        return v5(id, inbox, 0L, true);
    }

    private org.eclipse.paho.mqttv5.client.MqttAsyncClient v5(String id, BlockingQueue<Received> inbox, long expiry,
            boolean cleanStart) throws Exception {
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(uri, id,
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        closeLater(client);
        if (inbox != null) {
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {}

                @Override public void mqttErrorOccurred(MqttException e) {}

                @Override public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage m) {
                    inbox.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained()));
                }

                @Override public void deliveryComplete(IMqttToken token) {}

                @Override public void connectComplete(boolean reconnect, String serverURI) {}

                @Override public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
            });
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(expiry);
        options.setConnectionTimeout((int) WAIT.toSeconds());
        client.connect(options).waitForCompletion(WAIT.toMillis());
        return client;
    }

    private void closeLater(org.eclipse.paho.mqttv5.client.MqttAsyncClient client) {
        clients.add(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(1000);
            }
            client.close();
        });
    }

    private static Received take(BlockingQueue<Received> inbox) throws InterruptedException {
        Received r = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "message expected within " + WAIT);
        return r;
    }
}
