package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Misbehaving clients on raw sockets: each bad input closes only the connection that sent it, and a
 * well-behaved Paho client on the same server keeps receiving throughout.
 */
class RawClientIsolationTest {
    private SimpleMeterRegistry registry;
    private MqttServer server;
    private int port;
    private MqttClient good;
    private final BlockingQueue<String> goodInbox = new LinkedBlockingQueue<>();
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        registry = new SimpleMeterRegistry();
        MqttServerConfig config = MqttServerConfig.defaults()
                .withMaxPacketSizeBytes(64 * 1024)
                .withConnectTimeout(Duration.ofSeconds(1));
        server = new MqttServer(config, registry);
        port = server.start("127.0.0.1", 0);
        good = new MqttClient("tcp://127.0.0.1:" + port, "good-consumer", new MemoryPersistence());
        good.setCallback(new MqttCallback() {
            @Override public void connectionLost(Throwable cause) { goodInbox.add("LOST " + cause); }

            @Override public void messageArrived(String topic, MqttMessage m) {
                goodInbox.add(new String(m.getPayload(), StandardCharsets.UTF_8));
            }

            @Override public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout((int) WAIT.toSeconds());
        good.connect(options);
        good.subscribe("alarm/#", 1);
    }

    @AfterEach
    void stop() throws Exception {
        if (good.isConnected()) {
            good.disconnect();
        }
        good.close();
        server.close();
    }

    @Test
    void closesOnReservedPacketType() throws Exception {
        assertClosedAndOthersUnaffected(new byte[] {0x00, 0x00}); // packet type 0 is reserved
    }

    @Test
    void closesOnRemainingLengthLongerThanFourBytes() throws Exception {
        byte[] connect = RawMqttClient.connect311("bad-length", 60, true);
        assertClosedAndOthersUnaffected(connect,
                new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    }

    @Test
    void closesOnOversizedPacketAfterItsHeader() throws Exception {
        byte[] connect = RawMqttClient.connect311("oversized", 60, true);
        byte[] huge = RawMqttClient.publish("alarm/huge", 0, 0, new byte[100 * 1024]); // limit is 64 KiB
        byte[] firstKilobyte = java.util.Arrays.copyOf(huge, 1024);                   // the rest never sent
        assertClosedAndOthersUnaffected(connect, firstKilobyte);
        Await.until("packet_too_large counted", () ->
                TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", "packet_too_large") == 1.0);
    }

    @Test
    void closesWhenSubscribeComesBeforeConnect() throws Exception {
        assertClosedAndOthersUnaffected(RawMqttClient.subscribe(1, "alarm/#", 1));
        Await.until("protocol_error counted", () ->
                TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", "protocol_error") == 1.0);
    }

    @Test
    void closesOnSecondConnect() throws Exception {
        byte[] connect = RawMqttClient.connect311("twice", 60, true);
        assertClosedAndOthersUnaffected(connect, connect);
    }

    @Test
    void closesTruncatedConnectAtTheConnectTimeout() throws Exception {
        byte[] connect = RawMqttClient.connect311("truncated", 60, true);
        assertClosedAndOthersUnaffected(java.util.Arrays.copyOf(connect, connect.length / 2));
        Await.until("connect_timeout counted", () ->
                TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", "connect_timeout") == 1.0);
    }

    @Test
    void closesSilentClientAfterOneAndAHalfKeepAlives() throws Exception {
        try (RawMqttClient silent = new RawMqttClient(port)) {
            silent.send(RawMqttClient.connect311("silent", 1, true));
            assertEquals(2, silent.read(WAIT).type()); // CONNACK
            assertTrue(silent.awaitClosed(WAIT), "closed for silence");
        }
        Await.until("keep-alive timeout counted", () ->
                TestServers.counter(registry, "hazardgate.mqtt.disconnects", "reason", "keep_alive_timeout") == 1.0);
        assertGoodClientStillReceives();
    }

    private void assertClosedAndOthersUnaffected(byte[]... packets) throws Exception {
        try (RawMqttClient bad = new RawMqttClient(port)) {
            for (byte[] p : packets) {
                bad.send(p);
            }
            assertTrue(bad.awaitClosed(WAIT), "the misbehaving connection is closed");
        }
        assertGoodClientStillReceives();
    }

    private void assertGoodClientStillReceives() throws Exception {
        String payload = "still here " + (++sequence);
        server.publisher().publish("alarm/demo/TF1/GT-101", payload.getBytes(StandardCharsets.UTF_8), 1, false);
        assertEquals(payload, goodInbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(good.isConnected());
    }
}
