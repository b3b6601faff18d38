package io.hazardgate.mqtt;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every resource a client can make the server hold has a bound: sessions left behind by MQTT 3.1.1
 * clients, connections that never say anything, bytes queued for offline subscribers across all
 * sessions, and bytes of packets that are never finished.
 */
class ResourceLimitsTest {
    private static final int CONNACK = 2;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MqttServer server;
    private int port;

    private void start(MqttServerConfig config) {
        server = new MqttServer(config, registry, clock::get);
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPersistentSessionOfAnMqtt311ClientExpiresWhenLeftAlone() throws Exception {
        start(MqttServerConfig.defaults());
        try (RawMqttClient gone = new RawMqttClient(port)) {
            gone.send(RawMqttClient.connect311("left-behind", 60, false));
            assertEquals(CONNACK, gone.read(WAIT).type());
            gone.send(RawMqttClient.subscribe(1, "alarm/#", 1));
            gone.readUntil(9, WAIT);
            gone.send(RawMqttClient.disconnect());
            gone.awaitClosed(WAIT);
        }
        awaitOffline();
        server.publisher().publish("alarm/demo/TF1/GT-101", "queued".getBytes(), 1, false);
        assertEquals(1.0, TestServers.gauge(registry, "hazardgate.mqtt.sessions"), "the session waits offline");

        clock.addAndGet(Duration.ofDays(366).toNanos()); // far beyond any default expiry
        Await.until("the expired session is removed without anyone reconnecting",
                () -> TestServers.gauge(registry, "hazardgate.mqtt.sessions") == 0.0);

        RawMqttClient back = track(new RawMqttClient(port));
        back.send(RawMqttClient.connect311("left-behind", 60, false));
        RawMqttClient.Packet connAck = back.read(WAIT);
        assertEquals(0, connAck.body()[0], "session present 0: it expired");
        assertEquals(1.0, TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "session_ended"));
    }

    @Test
    void theConfiguredSessionExpiryHoldsForMqtt311AndCapsMqtt5() throws Exception {
        start(MqttServerConfig.defaults().toBuilder().maxSessionExpiry(Duration.ofMinutes(10)).build());
        try (RawMqttClient v3 = new RawMqttClient(port)) {
            v3.send(RawMqttClient.connect311("v3-persistent", 60, false));
            v3.read(WAIT);
            v3.send(RawMqttClient.disconnect());
            v3.awaitClosed(WAIT);
        }
        RawMqttClient v5 = track(new RawMqttClient(port));
        v5.send(RawMqttClient.connect5("v5-forever", 60, true, RawMqttClient.props(0x11, RawMqttClient.u32(0xFFFF_FFFFL)),
                null, null, null));
        byte[] connAck = v5.read(WAIT).body();
        // flags, reason code, properties: the server's Session Expiry Interval (0x11) replaces the client's
        assertTrue(containsProperty(connAck, 0x11, RawMqttClient.u32(600)), "CONNACK says 600 s");
        v5.send(RawMqttClient.disconnect());
        v5.awaitClosed(WAIT);
        awaitOffline();

        clock.addAndGet(Duration.ofMinutes(9).toNanos());
        try (RawMqttClient v3 = new RawMqttClient(port)) {
            v3.send(RawMqttClient.connect311("v3-persistent", 60, false));
            assertEquals(1, v3.read(WAIT).body()[0], "within the expiry the session is resumed");
            v3.send(RawMqttClient.disconnect());
            v3.awaitClosed(WAIT);
        }
        awaitOffline();
        clock.addAndGet(Duration.ofMinutes(11).toNanos());
        Await.until("both sessions expired", () -> TestServers.gauge(registry, "hazardgate.mqtt.sessions") == 0.0);
    }

    @Test
    void keepAliveZeroOrAboveTheMaximumOfAnMqtt311ClientIsTreatedAsTheMaximum() throws Exception {
        start(MqttServerConfig.defaults().withMaxKeepAliveSeconds(1));
        RawMqttClient none = track(new RawMqttClient(port));
        none.send(RawMqttClient.connect311("never-pings", 0, true));
        assertEquals(CONNACK, none.read(WAIT).type());
        RawMqttClient long_ = track(new RawMqttClient(port));
        long_.send(RawMqttClient.connect311("pings-hourly", 3600, true));
        assertEquals(CONNACK, long_.read(WAIT).type());
        assertTrue(none.awaitClosed(WAIT), "keep-alive 0 is held to the maximum");
        assertTrue(long_.awaitClosed(WAIT), "keep-alive above the maximum is held to it");
        Await.until("counted", () -> TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason",
                "keep_alive_timeout") == 2.0);
    }

    @Test
    void bytesQueuedAcrossAllSessionsAreCappedAndTheDropsCounted() throws Exception {
        int message = 1000;
        start(MqttServerConfig.defaults().toBuilder().maxQueuedBytesTotal(10_000).build());
        for (int s = 0; s < 3; s++) {
            try (RawMqttClient sub = new RawMqttClient(port)) {
                sub.send(RawMqttClient.connect311("offline-" + s, 60, false));
                sub.read(WAIT);
                sub.send(RawMqttClient.subscribe(1, "bulk/#", 1));
                sub.readUntil(9, WAIT);
                sub.send(RawMqttClient.disconnect());
                sub.awaitClosed(WAIT);
            }
        }
        for (int i = 0; i < 10; i++) {
            server.publisher().publish("bulk/" + i, new byte[message], 1, false);
        }
        assertTrue(TestServers.gauge(registry, "hazardgate.mqtt.queued.bytes") <= 10_000,
                "queued bytes stay within the total: " + TestServers.gauge(registry, "hazardgate.mqtt.queued.bytes"));
        double dropped = TestServers.counter(registry, "hazardgate.mqtt.messages.dropped", "reason", "total_queue_full");
        assertTrue(dropped >= 20, "30 copies of ~1 KB for 10 KB in total: the rest are dropped and counted, got " + dropped);
    }

    @Test
    void bytesHeldInUnfinishedPacketsStayWithinTheirBudget() throws Exception {
        int budget = 2 * 1024 * 1024;
        start(MqttServerConfig.defaults().toBuilder().maxPartialPacketBytes(budget).build());
        int clients = 12;
        int held = 600 * 1024;
        List<RawMqttClient> attackers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            RawMqttClient c = track(new RawMqttClient(port));
            c.send(RawMqttClient.connect311("partial-" + i, 0, true));
            c.read(WAIT);
            // a PUBLISH announcing 1,000,000 bytes of remaining length (0xC0 0x84 0x3D), then only part of them
            byte[] head = {0x30, (byte) 0xC0, (byte) 0x84, 0x3D, 0x00, 0x03, 'a', '/', 'b'};
            try {
                c.send(head);
                c.send(new byte[held]);
            } catch (java.io.IOException closed) {
                // the server may already have closed it
            }
            attackers.add(c);
        }
        int closed = 0;
        for (RawMqttClient c : attackers) {
            if (c.awaitClosed(Duration.ofSeconds(2))) {
                closed++;
            }
        }
        assertTrue(closed >= clients - budget / held, "connections beyond the budget are closed, closed " + closed);
        assertTrue(TestServers.gauge(registry, "hazardgate.mqtt.partial.bytes") <= budget,
                "bytes held in unfinished packets: " + TestServers.gauge(registry, "hazardgate.mqtt.partial.bytes"));
        Await.until("counted", () -> TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason",
                "partial_packet_budget") >= clients - budget / held);

        // a well-behaved client still gets through
        RawMqttClient ok = track(new RawMqttClient(port));
        ok.send(RawMqttClient.connect311("after-the-attack", 60, true));
        assertEquals(CONNACK, ok.read(WAIT).type());
    }

    /** The server has seen every client go: sessions are offline from the clock's present on. */
    private void awaitOffline() throws InterruptedException {
        Await.until("every connection closed", () -> TestServers.gauge(registry, "hazardgate.mqtt.connections") == 0.0);
    }

    private static boolean containsProperty(byte[] body, int id, byte[] value) {
        outer:
        for (int i = 2; i + value.length < body.length; i++) {
            if ((body[i] & 0xFF) != id) {
                continue;
            }
            for (int j = 0; j < value.length; j++) {
                if (body[i + 1 + j] != value[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
