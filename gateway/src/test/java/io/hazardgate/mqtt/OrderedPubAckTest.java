package io.hazardgate.mqtt;

import static io.hazardgate.mqtt.TestServers.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.server.MqttServer;
import io.hazardgate.testing.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest completes acknowledgements out of order and from its own thread; PUBACKs still leave in the
 * order the PUBLISH packets arrived (MQTT 3.1.1 §4.6), including one refused on the spot.
 */
class OrderedPubAckTest {
    private MqttServer server;
    private int port;
    private final List<PublishAck> held = new ArrayList<>();
    private final ExecutorService ingestThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() {
        server = new MqttServer(MqttServerConfig.defaults(), new SimpleMeterRegistry());
        server.inboundPublishHandler((client, topic, payload, qos, ack) -> {
            if (topic.endsWith("/bad")) {
                ack.rejected(0x99, "not JSON"); // refused at once, on the event loop
            } else {
                synchronized (held) {
                    held.add(ack); // completed later, elsewhere
                }
            }
            return true;
        });
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        ingestThread.shutdownNow();
        server.close();
    }

    @Test
    void sendsPubAcksInArrivalOrderWhateverOrderTheyComplete() throws Exception {
        try (RawMqttClient dtu = new RawMqttClient(port)) {
            dtu.send(RawMqttClient.connect311("dtu-tf1", 60, true));
            assertEquals(2, dtu.read(WAIT).type());
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            burst.writeBytes(RawMqttClient.publish("plant/demo/dtu-tf1/telemetry", 1, 1, "{}".getBytes()));
            burst.writeBytes(RawMqttClient.publish("plant/demo/dtu-tf1/bad", 1, 2, "x".getBytes()));
            for (int id = 3; id <= 5; id++) {
                burst.writeBytes(RawMqttClient.publish("plant/demo/dtu-tf1/telemetry", 1, id, "{}".getBytes()));
            }
            dtu.send(burst.toByteArray());
            Await.until("ingest holds four acks", () -> {
                synchronized (held) {
                    return held.size() == 4;
                }
            });
            List<PublishAck> acks;
            synchronized (held) {
                acks = List.copyOf(held); // packet ids 1, 3, 4, 5
            }
            // newest first, the oldest last: nothing may leave until packet 1 is done
            ingestThread.submit(() -> {
                acks.get(3).accepted();
                acks.get(2).rejected(0x80, "disk full");
                acks.get(1).accepted();
                acks.get(0).accepted();
            }).get();

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawMqttClient.Packet p = dtu.read(WAIT);
                assertEquals(4, p.type(), "PUBACK");
                order.add(p.packetId());
            }
            assertEquals(List.of(1, 2, 3, 4, 5), order);
        }
    }
}
