package io.hazardgate.mqtt.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.PasswordHash;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.Paho5;
import io.hazardgate.mqtt.TestServers;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import io.hazardgate.mqtt.auth.UserDirectory;
import io.hazardgate.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent sessions and retained messages across a restart of the MQTT server on the same session
 * store, with real Paho clients: subscriptions and missed messages come back in order and once, session
 * expiry and the queue limits hold on the injected clocks, a session stays its owner's, and the store
 * stays small as it compacts. (A {@code kill -9} of the whole gateway: {@code SessionCrashRecoveryTest}.)
 */
class SessionPersistenceTest {
    @TempDir Path dir;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private PersistentBroker broker;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the server may have gone first
            }
        }
        if (broker != null) broker.close();
    }

    /** A Paho 3.1.1 client whose arrivals queue up, with its CONNACK's session present flag. */
    final class V3 implements AutoCloseable {
        final MqttClient paho;
        final BlockingQueue<MqttMessageOn> inbox = new LinkedBlockingQueue<>();
        boolean sessionPresent;

        V3(String clientId, boolean cleanSession, String user, String password) throws MqttException {
            paho = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
            paho.setCallback(new MqttCallback() {
                @Override public void connectionLost(Throwable cause) {}

                @Override public void messageArrived(String topic, MqttMessage m) { inbox.add(new MqttMessageOn(topic, m)); }

                @Override public void deliveryComplete(IMqttDeliveryToken token) {}
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(cleanSession);
            o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o.setConnectionTimeout(10);
            o.setMaxInflight(1000); // Paho counts a completed publish out only after its token completes
            if (user != null) {
                o.setUserName(user);
                o.setPassword(password.toCharArray());
            }
            IMqttToken t = paho.connectWithResult(o);
            sessionPresent = t.getSessionPresent();
            clients.add(this);
        }

        MqttMessageOn next() throws InterruptedException {
            MqttMessageOn m = inbox.poll(TestServers.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(m, "no message within " + TestServers.WAIT);
            return m;
        }

        @Override
        public void close() throws MqttException {
            if (paho.isConnected()) paho.disconnect(2000);
            paho.close();
        }
    }

    record MqttMessageOn(String topic, MqttMessage message) {
        String payload() { return new String(message.getPayload(), StandardCharsets.UTF_8); }
    }

    /** The server has seen every connection close (its disconnect time is taken on the clock now). */
    private void awaitAllOffline() throws InterruptedException {
        Await.until("every connection closed", () -> TestServers.gauge(broker.registry, "hazardgate.mqtt.connections") == 0);
    }

    private V3 v3(String clientId, boolean cleanSession) throws MqttException {
        return new V3(clientId, cleanSession, null, null);
    }

    private void publish(String topic, String payload, int qos, boolean retain) throws MqttException {
        try (V3 p = v3("publisher-" + System.nanoTime(), true)) {
            p.paho.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        }
    }

    @Test
    void aPersistentSessionKeepsItsSubscriptionsAndMissedMessagesAcrossARestart() throws Exception {
        broker = new PersistentBroker(dir).start();
        V3 room = v3("room", false);
        assertFalse(room.sessionPresent);
        room.paho.subscribe("alarm/#", 1);
        room.close();
        for (int i = 0; i < 5; i++) publish("alarm/demo/TF1/GT-10" + i, "event-" + i, 1, false);

        broker.restart();
        assertEquals(1, broker.restored.sessions());
        room = v3("room", false);
        assertTrue(room.sessionPresent, "the session came back");
        for (int i = 0; i < 5; i++) {
            MqttMessageOn m = room.next();
            assertEquals("event-" + i, m.payload(), "in order");
            assertFalse(m.message().isDuplicate(), "never sent before: no DUP");
        }
        publish("alarm/demo/TF1/sentinel", "sentinel", 1, false);
        assertEquals("sentinel", room.next().payload(), "nothing else came between, the subscription is live");
    }

    @Test
    void aRestartThatCameBeforeThePubackResendsWithDup() throws Exception {
        broker = new PersistentBroker(dir).start();
        try (RawClient raw = RawClient.connect(broker.port, "slow-room", false)) {
            raw.subscribe("alarm/#", 1);
        }
        publish("alarm/a", "one", 1, false);
        int firstId;
        try (RawClient raw = RawClient.connect(broker.port, "slow-room", false)) {
            RawClient.Publish p = raw.nextPublish();
            assertEquals("one", p.payload());
            assertFalse(p.dup());
            firstId = p.packetId();
            // no PUBACK: the gateway goes down now
        }
        broker.restart();
        try (RawClient raw = RawClient.connect(broker.port, "slow-room", false)) {
            assertTrue(raw.sessionPresent());
            RawClient.Publish p = raw.nextPublish();
            assertEquals("one", p.payload());
            assertTrue(p.dup(), "a redelivery carries DUP (MQTT 3.1.1 §3.3.1.1)");
            assertEquals(firstId, p.packetId(), "with its original packet id (§4.4)");
            raw.puback(p.packetId());
        }
    }

    @Test
    void mqtt5SessionExpiryRunsOnTheWallClockAcrossARestart() throws Exception {
        broker = new PersistentBroker(dir).start();
        Paho5 room = Paho5.connect(broker.uri(), "room5", o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(60L);
        });
        room.client.subscribe("alarm/#", 1).waitForCompletion();
        room.close();
        awaitAllOffline();

        broker.advance(Duration.ofSeconds(30));
        broker.restart();
        room = Paho5.connect(broker.uri(), "room5", o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(60L);
        });
        assertTrue(room.connectToken.getSessionPresent(), "30 s of a 60 s expiry: still there");
        room.close();
        awaitAllOffline();

        broker.advance(Duration.ofSeconds(61));
        broker.restart();
        assertEquals(0, broker.restored.sessions());
        assertEquals(1, broker.restored.expiredSessions());
        room = Paho5.connect(broker.uri(), "room5", o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(60L);
        });
        clients.add(room::close);
        assertFalse(room.connectToken.getSessionPresent(), "offline past its expiry while the server was down: gone");
    }

    @Test
    void theLongestSessionExpiryOfTheNewConfigurationHolds() throws Exception {
        broker = new PersistentBroker(dir).start();
        v3("room", false).close(); // MQTT 3.1.1: expires after maxSessionExpiry, 7 days by default
        awaitAllOffline();
        broker.advance(Duration.ofHours(2));
        broker.restart(MqttServerConfig.defaults().toBuilder().maxSessionExpiry(Duration.ofHours(1)).build(), null, null);
        assertEquals(0, broker.restored.sessions(), "offline 2 h, and sessions now end after 1 h");
    }

    @Test
    void retainedMessagesComeBackAfterARestart() throws Exception {
        broker = new PersistentBroker(dir).start();
        publish("risk/demo/TF1", "{\"colour\":\"red\"}", 1, true);
        publish("risk/demo/TD1", "{\"colour\":\"green\"}", 0, true);
        publish("alarm-state/demo/TF1/GT-101", "{\"state\":\"raised\"}", 1, true);
        publish("alarm-state/demo/TF1/GT-101", "", 1, true); // cleared: nothing retained any more
        Paho5 p = Paho5.connect(broker.uri(), "p5");
        org.eclipse.paho.mqttv5.common.MqttMessage withProps = new org.eclipse.paho.mqttv5.common.MqttMessage(
                "v".getBytes(StandardCharsets.UTF_8), 1, true, null);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty("unit", "%LEL")));
        props.setContentType("application/json");
        withProps.setProperties(props);
        p.client.publish("plant/demo/note", withProps).waitForCompletion();
        p.close();

        broker.restart();
        assertEquals(3, broker.restored.retained());
        Paho5 sub = Paho5.connect(broker.uri(), "sub5");
        clients.add(sub::close);
        sub.client.subscribe("#", 1).waitForCompletion();
        Map<String, Paho5.Received> got = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Paho5.Received r = sub.take();
            got.put(r.topic(), r);
        }
        assertEquals(Set.of("risk/demo/TF1", "risk/demo/TD1", "plant/demo/note"), got.keySet());
        assertEquals("{\"colour\":\"red\"}", got.get("risk/demo/TF1").payload());
        assertTrue(got.get("risk/demo/TF1").retained());
        assertEquals("application/json", got.get("plant/demo/note").properties().getContentType());
        assertEquals("%LEL", got.get("plant/demo/note").properties().getUserProperties().get(0).getValue());
    }

    @Test
    void aSessionStaysWithItsOwnerAcrossARestart() throws Exception {
        UserDirectory users = new UserDirectory(List.of(
                new User(Principal.consumer("operator1", Set.of("demo")), PasswordHash.create("op1".toCharArray(),
                        PasswordHash.MIN_ITERATIONS)),
                new User(Principal.consumer("operator2", Set.of("demo")), PasswordHash.create("op2".toCharArray(),
                        PasswordHash.MIN_ITERATIONS))));
        broker = new PersistentBroker(dir).start(MqttServerConfig.defaults(), users, new RoleAccessPolicy(Set.of()));
        V3 room = new V3("room-1", false, "operator1", "op1");
        room.paho.subscribe("alarm/demo/#", 1);
        room.close();

        broker.restart(MqttServerConfig.defaults(), users, new RoleAccessPolicy(Set.of()));
        MqttException refused = org.junit.jupiter.api.Assertions.assertThrows(MqttException.class,
                () -> new V3("room-1", false, "operator2", "op2"));
        assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refused.getReasonCode(),
                "another identity cannot take over the restored session");
        room = new V3("room-1", false, "operator1", "op1");
        assertTrue(room.sessionPresent, "its owner gets it back");
    }

    @Test
    void queueLimitsHoldWhenTheServerComesBackWithLowerOnes() throws Exception {
        broker = new PersistentBroker(dir).start();
        v3("room", false).paho.subscribe("alarm/#", 1);
        clients.get(0).close();
        v3("other", false).paho.subscribe("alarm/#", 1);
        clients.get(1).close();
        for (int i = 0; i < 10; i++) publish("alarm/a", "m" + i, 1, false);

        // each session may hold 3 now, and all of them together 5 messages of 7 bytes
        broker.restart(MqttServerConfig.defaults().toBuilder().maxQueuedMessages(3).maxQueuedBytesTotal(5 * 9).build(),
                null, null);
        V3 room = v3("room", false);
        assertTrue(room.sessionPresent);
        for (int i = 7; i < 10; i++) assertEquals("m" + i, room.next().payload(), "the oldest went, as on overflow");
        V3 other = v3("other", false);
        List<String> rest = new ArrayList<>();
        MqttMessageOn m;
        publish("alarm/a", "end", 1, false);
        while (!(m = other.next()).payload().equals("end")) rest.add(m.payload());
        assertEquals(2, rest.size(), "the total limit left room for 2 more after the first session's 3: " + rest);
    }

    @Test
    void theStoreStaysSmallAsItCompactsAndKeepsWhatIsLive() throws Exception {
        broker = new PersistentBroker(dir, 64 * 1024, 32 * 1024).start();
        v3("room", false).paho.subscribe("alarm/#", 1);
        clients.get(0).close();
        try (V3 p = v3("pub", true)) {
            for (int i = 0; i < 2_000; i++) {
                p.paho.publish("alarm/a", ("event-" + i + "-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8), 1, false);
            }
        }
        V3 room = v3("room", false);
        for (int i = 0; i < 2_000; i++) assertTrue(room.next().payload().startsWith("event-" + i + "-"));
        try (V3 p = v3("pub", true)) { // delivered and acknowledged at once: records that compaction drops
            for (int i = 0; i < 3_000; i++) {
                p.paho.publish("alarm/b", ("live-" + i + "-" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8), 1, false);
            }
        }
        for (int i = 0; i < 3_000; i++) assertTrue(room.next().payload().startsWith("live-" + i + "-"));
        room.close();
        publish("alarm/a", "after", 1, false);
        Await.until("the compactions since have dropped what was acknowledged", () -> broker.log.sizeBytes() < 256 * 1024);

        broker.restart();
        room = v3("room", false);
        assertTrue(room.sessionPresent);
        assertEquals("after", room.next().payload(), "only what was not acknowledged came back");
        publish("alarm/a", "sentinel", 1, false);
        assertEquals("sentinel", room.next().payload());
    }

    @Test
    void aDamagedRecordIsReportedAndTheOtherSessionsKept() throws Exception {
        broker = new PersistentBroker(dir).start();
        v3("control-room-a", false).paho.subscribe("alarm/#", 1);
        clients.get(0).close();
        v3("control-room-b", false).paho.subscribe("alarm/#", 1);
        clients.get(1).close();
        publish("alarm/x", "queued", 1, false);
        broker.close();

        int damaged = 0;
        byte[] needle = "control-room-b".getBytes(StandardCharsets.UTF_8);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = indexOf(bytes, needle, 0); i >= 0; i = indexOf(bytes, needle, i + 1)) {
                    bytes[i + needle.length - 1] ^= 0x20; // a bit flipped on disk in every record of b
                    damaged++;
                }
                Files.write(f, bytes);
            }
        }
        assertTrue(damaged > 0);

        broker.restart();
        assertTrue(broker.restored.damaged() >= 1, "reported: " + broker.restored);
        assertEquals(1, broker.restored.sessions());
        assertTrue(TestServers.counter(broker.registry, "hazardgate.mqtt.sessions.store.damaged", null, null) >= 1);
        V3 a = v3("control-room-a", false);
        assertTrue(a.sessionPresent, "the undamaged session is kept");
        assertEquals("queued", a.next().payload());
        V3 b = v3("control-room-b", false);
        assertFalse(b.sessionPresent, "the damaged one is gone, and says so");
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    @Test
    void aQos2DeliveryInterruptedByARestartCompletesExactlyOnce() throws Exception {
        broker = new PersistentBroker(dir).start();
        try (RawClient raw = RawClient.connect(broker.port, "q2-room", false)) {
            raw.subscribe("alarm/#", 2);
        }
        publish("alarm/a", "first", 2, false);
        publish("alarm/b", "second", 2, false);
        int firstId;
        int secondId;
        try (RawClient raw = RawClient.connect(broker.port, "q2-room", false)) {
            RawClient.Publish first = raw.nextPublish();
            RawClient.Publish second = raw.nextPublish();
            assertEquals("first", first.payload());
            assertEquals("second", second.payload());
            firstId = first.packetId();
            secondId = second.packetId();
            raw.pubrec(firstId);
            assertEquals(firstId, raw.nextPubrel(), "PUBREL once the PUBREC is on disk");
            // the second is never acknowledged, the first never completed: the server goes down now
        }
        broker.restart();
        try (RawClient raw = RawClient.connect(broker.port, "q2-room", false)) {
            assertTrue(raw.sessionPresent());
            assertEquals(firstId, raw.nextPubrel(), "the first is owed its PUBREL, not the message again");
            RawClient.Publish again = raw.nextPublish();
            assertEquals("second", again.payload());
            assertEquals(secondId, again.packetId(), "the same id: a QoS 2 receiver recognises it");
            assertTrue(again.dup());
            raw.pubcomp(firstId);
            raw.pubrec(secondId);
            assertEquals(secondId, raw.nextPubrel());
            raw.pubcomp(secondId);
            publish("alarm/c", "sentinel", 2, false);
            RawClient.Publish sentinel = raw.nextPublish();
            assertEquals("sentinel", sentinel.payload(), "nothing delivered twice before it");
        }
    }

    @Test
    void aQos2PublishResentAfterARestartIsNotDeliveredTwice() throws Exception {
        broker = new PersistentBroker(dir).start();
        V3 room = v3("room", false);
        room.paho.subscribe("alarm/#", 2);
        try (RawClient logger = RawClient.connect(broker.port, "logger", false)) {
            logger.publishQos2("alarm/x", "once", 7, false);
            assertEquals(7, logger.nextPubrec(), "PUBREC once the id is on disk");
            // no PUBREL: the server goes down now
        }
        assertEquals("once", room.next().payload());
        room.close();
        broker.restart();
        room = v3("room", false);
        try (RawClient logger = RawClient.connect(broker.port, "logger", false)) {
            assertTrue(logger.sessionPresent());
            logger.publishQos2("alarm/x", "once", 7, true); // the client resends what had no PUBCOMP
            assertEquals(7, logger.nextPubrec());
            logger.pubrel(7);
            assertEquals(7, logger.nextPubcomp());
        }
        publish("alarm/y", "sentinel", 1, false);
        assertEquals("sentinel", room.next().payload(), "the resent QoS 2 message was not delivered a second time");
    }

    @Test
    void aWillWaitingForItsDelayIsSentAfterARestartUnlessTheClientCameBack() throws Exception {
        broker = new PersistentBroker(dir).start();
        V3 watcher = v3("watcher", false);
        watcher.paho.subscribe("status/#", 1);
        watcher.close();
        Paho5 logger = Paho5.connect(broker.uri(), "logger5", o -> {
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            org.eclipse.paho.mqttv5.common.MqttMessage will = new org.eclipse.paho.mqttv5.common.MqttMessage(
                    "offline".getBytes(StandardCharsets.UTF_8), 1, false, null);
            o.setWill("status/logger5", will);
            MqttProperties willProps = new MqttProperties();
            willProps.setWillDelayInterval(30L);
            o.setWillMessageProperties(willProps);
        });
        clients.add(logger::close);
        // the server goes down with the logger connected: its connection is lost at the restart
        broker.restart();
        broker.advance(Duration.ofSeconds(31));
        V3 w = v3("watcher", false);
        Await.until("the will sent once its delay has passed", () -> !w.inbox.isEmpty());
        assertEquals("offline", w.next().payload());
    }

    @Test
    void retainedAndQueuedBytesMatchWhatWasPersisted() throws Exception {
        broker = new PersistentBroker(dir).start();
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) i;
        try (V3 p = v3("pub", true)) {
            p.paho.publish("bin/retained", payload, 1, true);
        }
        broker.restart();
        V3 sub = v3("sub", true);
        sub.paho.subscribe("bin/#", 1);
        assertArrayEquals(payload, sub.next().message().getPayload(), "every byte survives");
    }
}
