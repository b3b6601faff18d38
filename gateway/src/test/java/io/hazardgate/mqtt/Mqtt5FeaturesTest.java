package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.RawMqttClient.props;
import static io.hazardgate.mqtt.RawMqttClient.u16;
import static io.hazardgate.mqtt.RawMqttClient.u32;
import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MQTT 5 features with real Paho v5 clients, and raw sockets where a library would not misbehave. */
class Mqtt5FeaturesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clockOffset = new AtomicLong();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MqttServer server;
    private String uri;

    private void start(MqttServerConfig config) {
        server = new MqttServer(config, registry, () -> System.nanoTime() + clockOffset.get());
        uri = "tcp://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    private Paho5 client(String id) throws Exception {
        return track(Paho5.connect(uri, id));
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    @Test
    void connAckAnnouncesTheFeaturesOnOffer() throws Exception {
        start(MqttServerConfig.defaults());
        MqttProperties connAck = client("features").connectToken.getResponseProperties();
        assertEquals(MqttServerConfig.DEFAULT_TOPIC_ALIAS_MAXIMUM, connAck.getTopicAliasMaximum());
        assertTrue(connAck.isSharedSubscriptionAvailable());
        assertTrue(connAck.isSubscriptionIdentifiersAvailable());
        assertEquals(MqttServerConfig.DEFAULT_MAX_INFLIGHT_INBOUND, connAck.getReceiveMaximum());
    }

    @Test
    void overlappingSubscriptionsDeliverOneCopyWithEverySubscriptionIdentifier() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 sub = client("ids");
        subscribe(sub, "site/#", 7);
        subscribe(sub, "site/demo", 9);
        server.publisher().publish("site/demo", "x".getBytes(), 1, false);
        Paho5.Received r = sub.take();
        assertEquals(Set.of(7, 9), new HashSet<>(r.properties().getSubscriptionIdentifiers()));
        server.publisher().publish("site/demo", "sentinel".getBytes(), 1, false);
        assertEquals("sentinel", sub.take().payload(), "one copy only (MQTT 5 §3.3.4): the sentinel comes next");
    }

    @Test
    void sharedSubscriptionGivesEachMessageToOneMemberInTurn() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 a = client("worker-a");
        Paho5 b = client("worker-b");
        subscribe(a, "$share/workers/jobs/#", 0);
        subscribe(b, "$share/workers/jobs/#", 0);
        for (int i = 0; i < 10; i++) {
            server.publisher().publish("jobs/" + i, ("job " + i).getBytes(), 1, false);
        }
        Await.until("the ten jobs shared out", () -> a.inbox.size() + b.inbox.size() >= 10);
        Set<String> seen = new HashSet<>();
        int fromA = drain(a, seen);
        int fromB = drain(b, seen);
        assertEquals(10, seen.size(), "every job once");
        assertEquals(10, fromA + fromB, "no job twice");
        assertEquals(5, fromA, "round robin between the two members");
    }

    @Test
    void sharedMemberThatLeavesHandsItsUnacknowledgedMessagesToAnother() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 steady = client("steady");
        subscribe(steady, "$share/g/work", 1);
        RawMqttClient leaving = track(new RawMqttClient(server.port()));
        leaving.send(RawMqttClient.connect311("leaving", 60, true));
        leaving.read(WAIT);
        leaving.send(RawMqttClient.subscribe(1, "$share/g/work", 1));
        assertEquals(9, leaving.read(WAIT).type());
        for (int i = 0; i < 6; i++) {
            server.publisher().publish("work", ("w" + i).getBytes(), 1, false);
        }
        assertEquals(3, leaving.read(WAIT).type()); // it got some, and never acknowledges them
        leaving.close();                            // clean session: the session ends with them unacknowledged
        Set<String> seen = new HashSet<>();
        Await.until("the six messages at the steady member", () -> {
            drain(steady, seen);
            return seen.size() >= 6;
        });
        assertEquals(Set.of("w0", "w1", "w2", "w3", "w4", "w5"), seen, "nothing lost when a member leaves");
    }

    @Test
    void forwardsUserPropertiesPayloadFormatContentTypeAndRequestResponseProperties() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 responder = client("responder");
        subscribe(responder, "request/+", 1);
        Paho5 requester = client("requester");
        subscribe(requester, "reply/requester", 1);
        MqttMessage request = new MqttMessage("{\"q\":1}".getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true);
        p.setContentType("application/json");
        p.setResponseTopic("reply/requester");
        p.setCorrelationData(new byte[] {1, 2, 3});
        p.setUserProperties(List.of(new UserProperty("site", "demo"), new UserProperty("site", "again")));
        request.setProperties(p);
        requester.client.publish("request/status", request).waitForCompletion(WAIT.toMillis());

        MqttProperties got = responder.take().properties();
        assertTrue(got.getPayloadFormat());
        assertEquals("application/json", got.getContentType());
        assertEquals("reply/requester", got.getResponseTopic());
        assertArrayEquals(new byte[] {1, 2, 3}, got.getCorrelationData());
        assertEquals(List.of(new UserProperty("site", "demo"), new UserProperty("site", "again")),
                got.getUserProperties(), "user properties in order, duplicates kept (MQTT 5 §3.3.2.3.7)");

        MqttMessage response = new MqttMessage("ok".getBytes(), 1, false, null);
        MqttProperties rp = new MqttProperties();
        rp.setCorrelationData(got.getCorrelationData());
        response.setProperties(rp);
        responder.client.publish(got.getResponseTopic(), response).waitForCompletion(WAIT.toMillis());
        Paho5.Received answer = requester.take();
        assertEquals("ok", answer.payload());
        assertArrayEquals(new byte[] {1, 2, 3}, answer.properties().getCorrelationData());
    }

    @Test
    void inboundTopicAliasIsSetThenUsedAndABadOneDisconnects() throws Exception {
        start(MqttServerConfig.defaults().toBuilder().topicAliasMaximum(2).build());
        Paho5 watcher = client("alias-watcher");
        subscribe(watcher, "t/#", 0);
        RawMqttClient raw = track(new RawMqttClient(server.port()));
        raw.send(RawMqttClient.connect5("aliaser", 60, true, new byte[0], null, null, null));
        assertEquals(2, raw.read(WAIT).type());
        raw.send(RawMqttClient.publish5("t/long/topic/name", 0, 0, props(0x23, u16(1)), "one".getBytes()));
        raw.send(RawMqttClient.publish5("", 0, 0, props(0x23, u16(1)), "two".getBytes()));
        assertEquals("t/long/topic/name", watcher.take().topic());
        Paho5.Received second = watcher.take();
        assertEquals("t/long/topic/name two", second.topic() + " " + second.payload());

        raw.send(RawMqttClient.publish5("", 0, 0, props(0x23, u16(3)), "beyond".getBytes()));
        RawMqttClient.Packet disconnect = raw.readUntil(14, WAIT);
        assertEquals(0x94, disconnect.body()[0] & 0xFF, "Topic Alias invalid");
    }

    @Test
    void aliasUsedBeforeItWasSetIsAProtocolError() throws Exception {
        start(MqttServerConfig.defaults());
        RawMqttClient raw = track(new RawMqttClient(server.port()));
        raw.send(RawMqttClient.connect5("early-alias", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.publish5("", 0, 0, props(0x23, u16(1)), "x".getBytes()));
        assertEquals(0x82, raw.readUntil(14, WAIT).body()[0] & 0xFF);
    }

    @Test
    void outboundTopicAliasReplacesTheTopicAfterFirstUse() throws Exception {
        start(MqttServerConfig.defaults().toBuilder().outboundTopicAliases(true).build());
        RawMqttClient raw = track(new RawMqttClient(server.port()));
        raw.send(RawMqttClient.connect5("alias-taker", 60, true, props(0x22, u16(4)), null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.subscribe5(1, "alarm/#", 0, new byte[0]));
        assertEquals(9, raw.read(WAIT).type());
        server.publisher().publish("alarm/demo/TF1/GT-101", "a".getBytes(), 0, false);
        server.publisher().publish("alarm/demo/TF1/GT-101", "b".getBytes(), 0, false);
        byte[] first = raw.readUntil(3, WAIT).body();
        byte[] second = raw.readUntil(3, WAIT).body();
        assertEquals("alarm/demo/TF1/GT-101".length(), ((first[0] & 0xFF) << 8) | (first[1] & 0xFF));
        assertEquals(0, ((second[0] & 0xFF) << 8) | (second[1] & 0xFF), "the second carries only the alias");
        // properties: length 3, then Topic Alias (0x23) = 1
        assertArrayEquals(new byte[] {3, 0x23, 0, 1}, java.util.Arrays.copyOfRange(second, 2, 6));
    }

    @Test
    void outboundTopicAliasesAreOffByDefaultSoPahoClientsThatAcceptThemGetTopics() throws Exception {
        start(MqttServerConfig.defaults());
        // Paho Java 1.2.5 turns an incoming alias into an empty topic (its issue #866)
        Paho5 paho = track(Paho5.connect(uri, "paho-alias", o -> o.setTopicAliasMaximum(4)));
        subscribe(paho, "alarm/#", 0);
        server.publisher().publish("alarm/demo/TF1/GT-102", "c".getBytes(), 0, false);
        server.publisher().publish("alarm/demo/TF1/GT-102", "d".getBytes(), 0, false);
        assertEquals("alarm/demo/TF1/GT-102", paho.take().topic());
        assertEquals("alarm/demo/TF1/GT-102", paho.take().topic());
    }

    @Test
    void clientExceedingReceiveMaximumIsDisconnectedWith0x93() throws Exception {
        start(MqttServerConfig.defaults().withInflight(32, 2));
        server.inboundPublishHandler((client, topic, payload, qos, ack) -> topic.startsWith("hold/")); // never acked
        RawMqttClient raw = track(new RawMqttClient(server.port()));
        raw.send(RawMqttClient.connect5("greedy", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        for (int id = 1; id <= 3; id++) {
            raw.send(RawMqttClient.publish5("hold/x", 1, id, new byte[0], "r".getBytes()));
        }
        assertEquals(0x93, raw.readUntil(14, WAIT).body()[0] & 0xFF);
        assertTrue(raw.awaitClosed(WAIT), "the server half-closes after its DISCONNECT");
        raw.close(); // and closes once the client has
        Await.until("counted", () -> TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason",
                "receive_maximum_exceeded") == 1.0);
    }

    @Test
    void messageLargerThanTheClientsMaximumPacketSizeIsDroppedAndCounted() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 small = track(Paho5.connect(uri, "small", o -> o.setMaximumPacketSize(200L)));
        subscribe(small, "big/#", 1);
        server.publisher().publish("big/one", new byte[500], 1, false);
        server.publisher().publish("big/two", "fits".getBytes(), 1, false);
        assertEquals("big/two", small.take().topic());
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason",
                "client_max_packet_size"));
    }

    @Test
    void expiredMessagesAreDroppedAndTheRestCarryWhatIsLeftOfTheirInterval() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 offline = track(Paho5.connect(uri, "hmi-7", o -> {
            o.setCleanStart(true);
            o.setSessionExpiryInterval(3600L);
        }));
        subscribe(offline, "alarm/#", 1);
        offline.client.disconnect().waitForCompletion(WAIT.toMillis());
        Paho5 publisher = client("publisher");
        publish(publisher, "alarm/short", "short", 5L);
        publish(publisher, "alarm/long", "long", 60L);
        clockOffset.addAndGet(Duration.ofSeconds(10).toNanos()); // 10 s pass on the server's clock

        offline.client.connect(resume()).waitForCompletion(WAIT.toMillis());
        Paho5.Received r = offline.take();
        assertEquals("long", r.payload());
        long left = r.properties().getMessageExpiryInterval();
        assertTrue(left <= 50 && left >= 49, "remaining interval " + left);
        // "short" was queued before "long": had it been delivered, it would have come first
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "expired"));
    }

    @Test
    void sessionIsPresentWithinItsExpiryIntervalAndGoneAfterItOnTheServersClock() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 c = track(Paho5.connect(uri, "expiring", o -> {
            o.setCleanStart(true);
            o.setSessionExpiryInterval(60L);
        }));
        c.client.disconnect().waitForCompletion(WAIT.toMillis());
        clockOffset.addAndGet(Duration.ofSeconds(59).toNanos());
        IMqttToken back = c.client.connect(resume(60L));
        back.waitForCompletion(WAIT.toMillis());
        assertTrue(back.getSessionPresent(), "resumed 59 s into a 60 s interval");
        c.client.disconnect().waitForCompletion(WAIT.toMillis());
        clockOffset.addAndGet(Duration.ofSeconds(60).toNanos());
        IMqttToken expired = c.client.connect(resume(60L));
        expired.waitForCompletion(WAIT.toMillis());
        assertFalse(expired.getSessionPresent(), "expired after 60 s offline (MQTT 5 §3.1.2.11.2)");
    }

    @Test
    void willDelayIsCancelledByAReconnectInTimeAndPublishedOtherwise() throws Exception {
        start(MqttServerConfig.defaults());
        Paho5 watcher = client("will-watcher");
        subscribe(watcher, "will/#", 1);
        byte[] sessionExpiry = props(0x11, u32(60));
        byte[] willDelay = props(0x18, u32(1));
        try (RawMqttClient first = new RawMqttClient(server.port())) {
            first.send(RawMqttClient.connect5("dtu-td1", 60, true, sessionExpiry, "will/dtu-td1", willDelay, "gone"));
            first.read(WAIT);
        } // lost without DISCONNECT
        RawMqttClient back = track(new RawMqttClient(server.port()));
        back.send(RawMqttClient.connect5("dtu-td1", 60, false, sessionExpiry, "will/dtu-td1", willDelay, "gone again"));
        assertEquals(1, back.read(WAIT).body()[0], "session present");
        assertNull(watcher.inbox.poll(1500, TimeUnit.MILLISECONDS), "back within the delay: no will");
        back.close();
        Paho5.Received will = watcher.take();
        assertEquals("gone again", will.payload());
    }

    @Test
    void serverKeepAliveIsAnnouncedToAClientAskingForMore() throws Exception {
        start(MqttServerConfig.defaults().withMaxKeepAliveSeconds(30));
        Paho5 lazy = track(Paho5.connect(uri, "lazy", o -> o.setKeepAliveInterval(0)));
        assertEquals(30, lazy.connectToken.getResponseProperties().getServerKeepAlive());
    }

    @Test
    void retainedMessagesBeyondTheLimitAreRefusedButStillDelivered() throws Exception {
        start(MqttServerConfig.defaults().toBuilder().maxRetainedMessages(2).build());
        Paho5 live = client("live");
        subscribe(live, "r/#", 0);
        for (String t : List.of("r/1", "r/2", "r/3")) {
            server.publisher().publish(t, t.getBytes(), 0, true);
        }
        for (int i = 0; i < 3; i++) {
            live.take();
        }
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.retained.refused", null, null));
        Paho5 late = client("late");
        subscribe(late, "r/#", 0);
        Set<String> retained = Set.of(late.take().topic(), late.take().topic());
        assertEquals(Set.of("r/1", "r/2"), retained);
    }

    @Test
    void subscriptionIdentifierInAClientsPublishIsAProtocolError() throws Exception {
        start(MqttServerConfig.defaults());
        RawMqttClient raw = track(new RawMqttClient(server.port()));
        raw.send(RawMqttClient.connect5("sneaky", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.publish5("a", 0, 0, props(0x0B, new byte[] {5}), "x".getBytes()));
        assertEquals(0x82, raw.readUntil(14, WAIT).body()[0] & 0xFF);
    }

    // ---- helpers ----

    private static void subscribe(Paho5 c, String filter, int subscriptionId) throws Exception {
        MqttProperties p = new MqttProperties();
        if (subscriptionId > 0) {
            p.setSubscriptionIdentifier(subscriptionId);
        }
        IMqttToken t = c.client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, null, p);
        t.waitForCompletion(WAIT.toMillis());
    }

    private static void publish(Paho5 c, String topic, String payload, long expirySeconds) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setMessageExpiryInterval(expirySeconds);
        m.setProperties(p);
        c.client.publish(topic, m).waitForCompletion(WAIT.toMillis());
    }

    private static org.eclipse.paho.mqttv5.client.MqttConnectionOptions resume() { return resume(3600L); }

    private static org.eclipse.paho.mqttv5.client.MqttConnectionOptions resume(long expirySeconds) {
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(expirySeconds);
        o.setConnectionTimeout((int) WAIT.toSeconds());
        return o;
    }

    /** What has arrived so far. */
    private static int drain(Paho5 c, Set<String> seen) {
        int n = 0;
        for (Paho5.Received r; (r = c.inbox.poll()) != null; ) {
            seen.add(r.payload());
            n++;
        }
        return n;
    }
}
