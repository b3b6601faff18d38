package io.hazardgate.mqtt;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.hazardgate.mqtt.RawMqttClient.props;
import static io.hazardgate.mqtt.RawMqttClient.u16;
import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT 5 cases an independent conformance suite found: a Topic Alias of 0 (MQTT 5 §3.3.2.3.4: "a Topic
 * Alias of 0 is not permitted") and a client that keeps sending after it exceeded the Receive Maximum
 * must each get their DISCONNECT, and the client must be able to read it.
 */
class Mqtt5DisconnectConformanceTest {
    private static final int DISCONNECT = 14;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private MqttServer server;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        server.close();
    }

    private int start(MqttServerConfig config) {
        server = new MqttServer(config, registry);
        return server.start("127.0.0.1", 0);
    }

    @Test
    void topicAliasZeroGetsDisconnect0x94() throws Exception {
        int port = start(MqttServerConfig.defaults());
        Paho5 watcher = track(Paho5.connect("tcp://127.0.0.1:" + port, "alias-zero-watcher"));
        watcher.client.subscribe("t/#", 0).waitForCompletion(WAIT.toMillis());
        RawMqttClient raw = track(new RawMqttClient(port));
        raw.send(RawMqttClient.connect5("alias-zero", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.publish5("t/zero", 0, 0, props(0x23, u16(0)), "zero".getBytes()));
        RawMqttClient.Packet disconnect = raw.readUntil(DISCONNECT, WAIT);
        assertEquals(0x94, disconnect.body()[0] & 0xFF, "Topic Alias invalid");
        assertEquals(null, watcher.inbox.poll(), "the message with alias 0 was not delivered");
    }

    @Test
    void topicAliasAboveTheAnnouncedMaximumGetsDisconnect0x94() throws Exception {
        int port = start(MqttServerConfig.defaults().toBuilder().topicAliasMaximum(5).build());
        RawMqttClient raw = track(new RawMqttClient(port));
        raw.send(RawMqttClient.connect5("alias-high", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.publish5("t/high", 0, 0, props(0x23, u16(6)), "six".getBytes()));
        assertEquals(0x94, raw.readUntil(DISCONNECT, WAIT).body()[0] & 0xFF);
    }

    @Test
    void aClientStillSendingBeyondTheReceiveMaximumCanReadItsDisconnect0x93() throws Exception {
        int port = start(MqttServerConfig.defaults().withInflight(32, 2));
        server.inboundPublishHandler((client, topic, payload, qos, ack) -> topic.startsWith("hold/")); // never acknowledged
        // a client busy sending does not read: what the server sends it waits in the client's small receive window
        RawMqttClient raw = track(RawMqttClient.withSmallReceiveBuffer(port, 4096));
        raw.send(RawMqttClient.connect5("flooder", 60, true, new byte[0], null, null, null));
        raw.read(WAIT);
        raw.send(RawMqttClient.subscribe5(1, "news/#", 0, new byte[0]));
        raw.readUntil(9, WAIT);
        for (int i = 0; i < 64; i++) {
            server.publisher().publish("news/" + i, new byte[1024], 0, false);
        }
        java.io.ByteArrayOutputStream burst = new java.io.ByteArrayOutputStream();
        for (int id = 1; id <= 2000; id++) {
            burst.writeBytes(RawMqttClient.publish5("hold/x", 1, id, new byte[0], new byte[512]));
        }
        Thread sender = new Thread(() -> {
            try {
                raw.send(burst.toByteArray());
            } catch (IOException e) {
                // the server reset the connection
            }
        }, "flooder");
        sender.start();
        sender.join(WAIT.toMillis()); // sent it all, or the server reset the connection
        // the client reads what queued up for it as a slow link lets it, packet by packet
        RawMqttClient.Packet disconnect;
        do {
            disconnect = raw.read(WAIT);
            Thread.sleep(5);
        } while (disconnect.type() != DISCONNECT);
        assertEquals(0x93, disconnect.body()[0] & 0xFF, "Receive Maximum exceeded");
        assertTrue(raw.awaitClosed(WAIT), "then the server closes");
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }
}
