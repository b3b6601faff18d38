package io.hazardgate.mqtt.conformance;

import static io.hazardgate.mqtt.RawMqttClient.props;
import static io.hazardgate.mqtt.RawMqttClient.u16;
import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.mqtt.Paho5;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Configs;
import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway in its open profile (config/broker-open.yaml) as a general-purpose broker, through the
 * cases an interoperability suite such as Eclipse Paho's runs: basic, retained, offline queueing,
 * will, overlapping subscriptions, keep-alive, redelivery, zero-length client id, subscribe failure,
 * $-topics, unsubscribe (MQTT 3.1.1), and session expiry, shared subscriptions, topic aliases, flow
 * control, server-initiated disconnect, payload format, request/response, subscribe options (MQTT 5).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenProfileConformanceTest {
    @TempDir static Path data;
    private Gateway gateway;
    private int port;
    private String uri;
    private final List<AutoCloseable> clients = new ArrayList<>();

    /** A message as a v3 client saw it. */
    record Got(String topic, String payload, int qos, boolean retained) {}

    @BeforeAll
    void start() throws Exception {
        GatewayConfig open = ConfigLoader.load(Configs.configDir().resolve("broker-open.yaml"));
        MqttSettings m = open.mqtt();
        MqttSettings anyPort = new MqttSettings(m.listeners().stream().map(l -> l.withPort(0)).toList(),
                m.allowAnonymous(), m.allowAnonymousOnNetwork(), m.users(), m.acl(), m.deniedFilters(),
                m.server());
        GatewayConfig config = new GatewayConfig(open.file(), anyPort, open.http(), open.store(), open.alarms(), data, open.sites())
                .withHttpPort(0).withStorePort(0);
        gateway = Gateway.start(config, Clock.systemUTC());
        port = gateway.mqttPort();
        uri = "tcp://127.0.0.1:" + port;
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        clients.clear();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    // ---- MQTT 3.1.1 ----

    @Test
    void gatewayPrintsEveryListener() {
        String described = gateway.describe();
        assertTrue(described.contains("  mqtt   127.0.0.1:" + port + "\n"), described);
        assertTrue(described.matches("(?s).*  mqtt-ws 127\\.0\\.0\\.1:\\d+/mqtt\n.*"), described);
    }

    @Test
    void startUpSaysLoudlyThatThisIsAnOpenTestProfile() {
        String described = gateway.describe();
        assertTrue(described.startsWith("!!"), described);
        assertTrue(described.contains("OPEN TEST PROFILE") && described.contains("NOT FOR PRODUCTION"), described);
    }

    @Test
    void connAckCarriesServerKeepAliveWhenTheClientAsksForMoreThanTheMaximum() throws Exception {
        for (int asked : new int[] {0, 300}) {
            try (RawMqttClient raw = new RawMqttClient(port)) {
                raw.send(RawMqttClient.connect5("keep-alive-" + asked, asked, true, new byte[0], null, null, null));
                byte[] connAck = raw.read(WAIT).body();
                // flags, reason code, property length, then Server Keep Alive (0x13) = 60 somewhere in the properties
                assertEquals(0, connAck[1]);
                boolean found = false;
                for (int i = 3; i + 2 < connAck.length; i++) {
                    found |= connAck[i] == 0x13 && connAck[i + 1] == 0 && connAck[i + 2] == 60;
                }
                assertTrue(found, "Server Keep Alive 60 in the CONNACK for keep-alive " + asked);
            }
        }
    }

    @Test
    void basicPublishAtEachQosIsReceivedAtEachQos() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        MqttClient c = v3("basic", true, inbox);
        c.subscribe("TopicA", 2);
        for (int qos = 0; qos < 3; qos++) {
            c.publish("TopicA", ("qos " + qos).getBytes(), qos, false);
        }
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Got g = take(inbox);
            got.add(g.payload() + "@" + g.qos());
        }
        assertEquals(Set.of("qos 0@0", "qos 1@1", "qos 2@2"), got);
    }

    @Test
    void retainedMessagesAreSentToNewSubscribersAndClearedByEmptyPayloads() throws Exception {
        MqttClient pub = v3("retainer", true, null);
        pub.publish("TopicA/B", "qos 0".getBytes(), 0, true);
        pub.publish("Topic/C", "qos 1".getBytes(), 1, true);
        pub.publish("TopicA/C", "qos 2".getBytes(), 2, true);
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        v3("retained-reader", true, inbox).subscribe("+/+", 2);
        Set<String> topics = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            Got g = take(inbox);
            assertTrue(g.retained());
            topics.add(g.topic());
        }
        assertEquals(Set.of("TopicA/B", "Topic/C", "TopicA/C"), topics);
        for (String t : topics) {
            pub.publish(t, new byte[0], 1, true);
        }
        BlockingQueue<Got> later = new LinkedBlockingQueue<>();
        v3("retained-late", true, later).subscribe("+/+", 2);
        // retained messages are queued as the subscription is made; a live one sent after is the sentinel
        pub.publish("Sentinel/Z", "after".getBytes(), 1, false);
        assertEquals(new Got("Sentinel/Z", "after", 1, false), take(later), "cleared retained messages are gone");
    }

    @Test
    void offlineMessagesAreQueuedForAPersistentSession() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        MqttClient c = v3("offline-queue", false, inbox);
        c.subscribe("offline/+", 2);
        c.disconnect();
        MqttClient pub = v3("offline-pub", true, null);
        pub.publish("offline/1", "q1".getBytes(), 1, false);
        pub.publish("offline/2", "q2".getBytes(), 2, false);
        c.connect(options(false));
        assertEquals(Set.of("q1", "q2"), Set.of(take(inbox).payload(), take(inbox).payload()));
    }

    @Test
    void willIsPublishedWhenTheClientVanishesAfterItsKeepAlive() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        v3("will-watcher", true, inbox).subscribe("will/#", 0);
        RawMqttClient silent = track(new RawMqttClient(port));
        // keep-alive 1 s with a will, then silence: closed after 1.5 s and the will goes out
        byte[] connect = RawMqttClient.connect311WithWill("silent", "will/silent", "keepalive expired");
        connect[10] = 0; // keep-alive MSB
        connect[11] = 1; // keep-alive LSB
        silent.send(connect);
        silent.read(WAIT);
        assertEquals(new Got("will/silent", "keepalive expired", 0, false), take(inbox));
        assertTrue(silent.awaitClosed(WAIT));
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyAtTheHighestQos() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        MqttClient c = v3("overlap", true, inbox);
        c.subscribe(new String[] {"overlap/#", "overlap/+"}, new int[] {2, 1});
        c.publish("overlap/x", "once".getBytes(), 2, false);
        c.publish("overlap/y", "sentinel".getBytes(), 2, false);
        assertEquals(new Got("overlap/x", "once", 2, false), take(inbox));
        assertEquals(new Got("overlap/y", "sentinel", 2, false), take(inbox), "no second copy before the sentinel");
    }

    @Test
    void unacknowledgedMessagesAreRedeliveredWithDupAfterReconnect() throws Exception {
        try (RawMqttClient first = new RawMqttClient(port)) {
            first.send(RawMqttClient.connect311("redeliver", 60, false));
            first.read(WAIT);
            first.send(RawMqttClient.subscribe(1, "redeliver/t", 1));
            first.readUntil(9, WAIT);
            v3("redeliver-pub", true, null).publish("redeliver/t", "again".getBytes(), 1, false);
            RawMqttClient.Packet p = first.readUntil(3, WAIT);
            assertEquals(0, p.firstByte() & 0x08, "first delivery without DUP");
        } // gone without PUBACK
        RawMqttClient second = track(new RawMqttClient(port));
        second.send(RawMqttClient.connect311("redeliver", 60, false));
        assertEquals(1, second.read(WAIT).body()[0], "session present");
        RawMqttClient.Packet again = second.readUntil(3, WAIT);
        assertEquals(0x08, again.firstByte() & 0x08, "redelivery carries DUP (MQTT 3.1.1 §4.4)");
        assertTrue(new String(again.body(), StandardCharsets.UTF_8).endsWith("again"));
    }

    @Test
    void zeroLengthClientIdNeedsCleanSession() throws Exception {
        RawMqttClient refused = track(new RawMqttClient(port));
        refused.send(RawMqttClient.connect311("", 60, false));
        assertArrayEquals(new byte[] {0, 2}, refused.read(WAIT).body(), "identifier rejected");
        RawMqttClient accepted = track(new RawMqttClient(port));
        accepted.send(RawMqttClient.connect311("", 60, true));
        assertArrayEquals(new byte[] {0, 0}, accepted.read(WAIT).body());
    }

    @Test
    void subscriptionToTheDeniedFilterFailsWhileOthersAreGranted() throws Exception {
        MqttClient c = v3("nosubscribe", true, null);
        assertArrayEquals(new int[] {0x80, 2},
                c.subscribeWithResponse(new String[] {"test/nosubscribe", "test/ok"}, new int[] {2, 2}).getGrantedQos());
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() throws Exception {
        BlockingQueue<Got> wild = new LinkedBlockingQueue<>();
        v3("dollar-wild", true, wild).subscribe(new String[] {"#", "+/+"}, new int[] {1, 1});
        BlockingQueue<Got> exact = new LinkedBlockingQueue<>();
        v3("dollar-exact", true, exact).subscribe("$test/#", 1);
        v3("dollar-pub", true, null).publish("$test/a", "dollar".getBytes(), 1, false);
        assertEquals("$test/a", take(exact).topic());
        assertTrue(wild.stream().noneMatch(g -> g.topic().startsWith("$")), "wildcards skip $-topics");
    }

    @Test
    void unsubscribedFilterReceivesNothingMore() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        MqttClient c = v3("unsubscriber", true, inbox);
        c.subscribe(new String[] {"unsub/a", "unsub/b"}, new int[] {1, 1});
        c.unsubscribe("unsub/a");
        c.publish("unsub/a", "gone".getBytes(), 1, false);
        c.publish("unsub/b", "kept".getBytes(), 1, false);
        assertEquals("kept", take(inbox).payload(), "the message sent after the unsubscribed one is the first to arrive");
    }

    @Test
    void anyTopicMayBePublishedInTheOpenProfileEvenTheGatewaysOwn() throws Exception {
        BlockingQueue<Got> inbox = new LinkedBlockingQueue<>();
        MqttClient c = v3("open-any", true, inbox);
        c.subscribe("alarm/#", 1);
        c.publish("alarm/x/y/z", "not the gateway".getBytes(), 1, false);
        assertEquals("alarm/x/y/z", take(inbox).topic());
    }

    // ---- MQTT 5 ----

    @Test
    void sharedSubscriptionSpreadsMessagesOverTheGroup() throws Exception {
        Paho5 a = v5("share-a", o -> { });
        Paho5 b = v5("share-b", o -> { });
        for (Paho5 p : List.of(a, b)) {
            p.client.subscribe(new MqttSubscription[] {new MqttSubscription("$share/grp/shared/+", 1)})
                    .waitForCompletion(WAIT.toMillis());
        }
        Paho5 pub = v5("share-pub", o -> { });
        for (int i = 0; i < 6; i++) {
            pub.client.publish("shared/" + i, ("m" + i).getBytes(), 1, false).waitForCompletion(WAIT.toMillis());
        }
        Await.until("the six messages shared out", () -> a.inbox.size() + b.inbox.size() >= 6);
        int fromA = a.inbox.size();
        int fromB = b.inbox.size();
        assertEquals(6, fromA + fromB);
        assertTrue(fromA > 0 && fromB > 0, "both members served: " + fromA + "/" + fromB);
    }

    @Test
    void clientTopicAliasIsAcceptedAndServerAliasesAreUsed() throws Exception {
        RawMqttClient sub = track(new RawMqttClient(port));
        sub.send(RawMqttClient.connect5("alias-sub", 60, true, props(0x22, u16(2)), null, null, null));
        sub.read(WAIT);
        sub.send(RawMqttClient.subscribe5(1, "alias/#", 0, new byte[0]));
        sub.readUntil(9, WAIT);
        RawMqttClient pub = track(new RawMqttClient(port));
        pub.send(RawMqttClient.connect5("alias-pub", 60, true, new byte[0], null, null, null));
        assertEquals(2, pub.read(WAIT).type());
        pub.send(RawMqttClient.publish5("alias/topic", 0, 0, props(0x23, u16(1)), "1".getBytes()));
        pub.send(RawMqttClient.publish5("", 0, 0, props(0x23, u16(1)), "2".getBytes()));
        byte[] first = sub.readUntil(3, WAIT).body();
        byte[] second = sub.readUntil(3, WAIT).body();
        assertEquals(11, first[1], "first: the whole topic");
        assertEquals(0, second[1], "then only the alias the server assigned");
    }

    @Test
    void serverRespectsTheClientsReceiveMaximum() throws Exception {
        RawMqttClient slow = track(new RawMqttClient(port));
        slow.send(RawMqttClient.connect5("flow", 60, true, props(0x21, u16(2)), null, null, null));
        slow.read(WAIT);
        slow.send(RawMqttClient.subscribe5(1, "flow/t", 1, new byte[0]));
        slow.readUntil(9, WAIT);
        Paho5 pub = v5("flow-pub", o -> { });
        for (int i = 0; i < 5; i++) {
            pub.client.publish("flow/t", ("f" + i).getBytes(), 1, false).waitForCompletion(WAIT.toMillis());
        }
        RawMqttClient.Packet p1 = slow.readUntil(3, WAIT);
        RawMqttClient.Packet p2 = slow.readUntil(3, WAIT);
        assertThrowsTimeout(slow);                   // a third only once one is acknowledged
        slow.send(RawMqttClient.packet(0x40, packetIdOf(p1)));
        assertEquals(3, slow.readUntil(3, WAIT).type(), "the third arrives once the first is acknowledged");
        assertEquals(3, p2.type());
    }

    @Test
    void takenOverSessionGetsAServerDisconnectWithReason0x8E() throws Exception {
        Paho5 first = v5("takeover", o -> { });
        v5("takeover", o -> { });
        org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r = first.disconnects.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(0x8E, r.getReturnCode());
    }

    @Test
    void payloadFormatContentTypeAndRequestResponseTravelUnchanged() throws Exception {
        Paho5 responder = v5("rr-responder", o -> { });
        responder.client.subscribe(new MqttSubscription[] {new MqttSubscription("rr/request", 1)}).waitForCompletion(WAIT.toMillis());
        Paho5 requester = v5("rr-requester", o -> { });
        org.eclipse.paho.mqttv5.common.MqttMessage m = new org.eclipse.paho.mqttv5.common.MqttMessage("ping".getBytes());
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        p.setContentType("text/plain");
        p.setResponseTopic("rr/response");
        p.setCorrelationData("42".getBytes());
        m.setProperties(p);
        m.setQos(1);
        requester.client.publish("rr/request", m).waitForCompletion(WAIT.toMillis());
        MqttProperties got = responder.take().properties();
        assertTrue(got.getPayloadFormat());
        assertEquals("text/plain", got.getContentType());
        assertEquals("rr/response", got.getResponseTopic());
        assertArrayEquals("42".getBytes(), got.getCorrelationData());
    }

    @Test
    void subscribeOptionsNoLocalRetainAsPublishedAndRetainHandling() throws Exception {
        Paho5 c = v5("options", o -> { });
        c.client.publish("opts/retained", "kept".getBytes(), 1, true).waitForCompletion(WAIT.toMillis());
        MqttSubscription noLocal = new MqttSubscription("opts/local", 1);
        noLocal.setNoLocal(true);
        MqttSubscription asPublished = new MqttSubscription("opts/retained", 1);
        asPublished.setRetainAsPublished(true);
        asPublished.setRetainHandling(2); // no retained message on subscribe
        c.client.subscribe(new MqttSubscription[] {noLocal, asPublished}).waitForCompletion(WAIT.toMillis());
        c.client.publish("opts/local", "own".getBytes(), 1, false).waitForCompletion(WAIT.toMillis());
        c.client.publish("opts/retained", "live".getBytes(), 1, true).waitForCompletion(WAIT.toMillis());
        Paho5.Received r = c.take();
        assertEquals("live", r.payload(), "neither its own message nor the retained one on subscribe");
        assertTrue(r.retained(), "Retain As Published keeps the flag");
        c.client.publish("opts/retained", new byte[0], 1, true).waitForCompletion(WAIT.toMillis());
    }

    @Test
    @Needs(ExternalProgram.MOSQUITTO_CLIENTS)
    void mosquittoClientsInteroperateInTheOpenProfile() throws Exception {
        Process sub = new ProcessBuilder(ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_sub").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-V", "mqttv5", "-t", "mosq/#", "-C", "1", "-W", "10", "-v").redirectErrorStream(true).start();
        // published again until the subscriber, once subscribed, has one and exits
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sub.isAlive() && System.nanoTime() < deadline) {
            Process pub = new ProcessBuilder(ExternalProgram.MOSQUITTO_CLIENTS.binary("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", "mosq/hello", "-m", "world", "-q", "1").start();
            pub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
            sub.waitFor(300, TimeUnit.MILLISECONDS);
        }
        assertTrue(sub.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals("mosq/hello world", new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    // ---- helpers ----

    private static void assertThrowsTimeout(RawMqttClient c) throws Exception {
        try {
            RawMqttClient.Packet p = c.read(java.time.Duration.ofMillis(300));
            throw new AssertionError("nothing expected beyond the Receive Maximum, got type " + p.type());
        } catch (java.net.SocketTimeoutException expected) {
            // the window is full
        }
    }

    private static byte[] packetIdOf(RawMqttClient.Packet publish) {
        int topicLength = ((publish.body()[0] & 0xFF) << 8) | (publish.body()[1] & 0xFF);
        return new byte[] {publish.body()[2 + topicLength], publish.body()[3 + topicLength]};
    }

    private org.eclipse.paho.mqttv5.client.MqttConnectionOptions resume(long expiry) {
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(expiry);
        o.setConnectionTimeout((int) WAIT.toSeconds());
        return o;
    }

    private Paho5 v5(String id, java.util.function.Consumer<org.eclipse.paho.mqttv5.client.MqttConnectionOptions> o)
            throws Exception {
        return track(Paho5.connect(uri, id, o));
    }

    private MqttConnectOptions options(boolean clean) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(clean);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout((int) WAIT.toSeconds());
        return o;
    }

    private MqttClient v3(String id, boolean clean, BlockingQueue<Got> inbox) throws MqttException {
        MqttClient c = new MqttClient(uri, id, new MemoryPersistence());
        clients.add(() -> {
            if (c.isConnected()) {
                c.disconnect(0);
            }
            c.close(true);
        });
        if (inbox != null) {
            c.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) {}

                @Override public void messageArrived(String topic, MqttMessage m) {
                    inbox.add(new Got(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(), m.isRetained()));
                }

                @Override public void deliveryComplete(IMqttDeliveryToken token) {}
            });
        }
        c.connect(options(clean));
        return c;
    }

    private <T extends AutoCloseable> T track(T c) {
        clients.add(c);
        return c;
    }

    private static Got take(BlockingQueue<Got> inbox) throws InterruptedException {
        Got g = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (g == null) {
            throw new AssertionError("message expected within " + WAIT);
        }
        return g;
    }
}
