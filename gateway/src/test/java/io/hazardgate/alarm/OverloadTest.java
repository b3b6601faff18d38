package io.hazardgate.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.Gateway;
import io.hazardgate.mqtt.RawMqttClient;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MQTT 3.1.1 logger has no negative acknowledgement: a PUBACK tells it to forget the message. When
 * the alarm shards fall behind, the gateway must therefore never acknowledge a message it did not queue
 * for evaluation: it stops reading (TCP backpressure), and what arrives all the same beyond the queues'
 * bound closes the connection without PUBACK, so the logger sends it again.
 */
class OverloadTest {
    static final int PUBACK = 4;
    static final int CONNACK = 2;
    @TempDir Path dir;

    @Test
    void aLoggerIsAcknowledgedOnlyForWhatTheStalledEngineQueuedAndEveryReadingIsJudgedOnceItCatchesUp() throws Exception {
        int messages = 400;
        try (Gateway g = Gateway.start(TestGateway.config(dir), Clock.systemUTC())) {
            AlarmEngine engine = g.alarms().engine();
            engine.queueLimit(64); // overload at 32 queued records, resume at 16
            byte[][] packets = backlog(messages);
            BitSet acked = new BitSet();
            Logger logger = new Logger(g.mqttPort());
            try (AutoCloseable hold = engine.hold()) {
                logger.sendAll(packets, acked);
                Await.until("the gateway to stop reading", Duration.ofSeconds(20), () -> g.mqtt().isInboundPaused());
                assertTrue(engine.overloaded());
                // while the shards are stalled, every acknowledgement must stand for a queued record
                logger.collect(acked, Duration.ofSeconds(2));
                int queued = engine.queuedRecords();
                assertTrue(acked.cardinality() <= queued, acked.cardinality() + " messages acknowledged while only " + queued
                        + " were queued for evaluation: the rest would be lost");
                assertTrue(acked.cardinality() < messages, "the gateway stopped taking messages");
            }
            // the logger does what a logger does: reconnects and sends again what was not acknowledged
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.cardinality() < messages && System.nanoTime() < deadline) {
                if (logger.closed) logger = new Logger(g.mqttPort());
                logger.sendMissing(packets, acked);
                logger.collect(acked, Duration.ofSeconds(1));
            }
            logger.close();
            assertEquals(messages, acked.cardinality(), "every message acknowledged in the end");
            engine.flush().get(30, TimeUnit.SECONDS);
            long evaluated = 0;
            for (AlarmEvaluator e : engine.evaluators()) evaluated += e.evaluated();
            assertEquals(messages, evaluated, "every reading judged, each once");
            assertEquals(messages, Http.awaitCount(g.storePort(), g.storeCredentials(), "select count() from reading where tag = 'TT-101'", messages));
            assertTrue(!g.mqtt().isInboundPaused(), "reading resumed once the shards caught up");
        }
    }

    /**
     * An MQTT 3.1.1 logger sends its backlog in order and resends, in order, what was not acknowledged. Once
     * the gateway has refused one message of a connection, it must take none after it on that connection:
     * a later reading judged first would make the refused one, sent again, too old to be judged at all.
     */
    @Test
    void noMessageAfterARefusedOneIsTakenSoEveryReadingIsJudgedInOrder() throws Exception {
        int messages = 2_000;
        try (Gateway g = Gateway.start(TestGateway.config(dir), Clock.systemUTC())) {
            AlarmEngine engine = g.alarms().engine();
            engine.queueLimit(2); // the shards drain while the event loop decodes: refusals and acceptances interleave
            byte[][] packets = backlog(messages);
            BitSet acked = new BitSet();
            Logger logger = new Logger(g.mqttPort());
            int connections = 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acked.cardinality() < messages && System.nanoTime() < deadline) {
                if (logger.closed) {
                    logger = new Logger(g.mqttPort());
                    connections++;
                }
                logger.sendMissing(packets, acked);
                logger.collect(acked, Duration.ofSeconds(1));
            }
            logger.close();
            assertEquals(messages, acked.cardinality(), "every message acknowledged in the end");
            engine.flush().get(30, TimeUnit.SECONDS);
            long evaluated = 0;
            for (AlarmEvaluator e : engine.evaluators()) evaluated += e.evaluated();
            assertTrue(connections > 1, "the engine never refused a message: the test proves nothing");
            assertEquals(messages, evaluated, "every reading judged, each once: a refused one sent again after a"
                    + " later one was taken is too old to be judged");
        }
    }

    /** The tank temperature's backlog, one reading a message, each with its own timestamp and a value that raises nothing. */
    private static byte[][] backlog(int messages) {
        long base = System.currentTimeMillis() - 60_000;
        byte[][] packets = new byte[messages][];
        for (int i = 0; i < messages; i++) {
            String json = "{\"readings\":[{\"tag\":\"TT-101\",\"value\":" + (20 + i % 10 * 0.1) + ",\"ts\":" + (base + i * 10L) + "}]}";
            packets[i] = RawMqttClient.publish("plant/demo/dtu-tf1/telemetry", 1, i + 1, json.getBytes(StandardCharsets.UTF_8));
        }
        return packets;
    }

    /** A data logger on a raw MQTT 3.1.1 connection, with a persistent session. */
    static final class Logger implements AutoCloseable {
        final RawMqttClient client;
        boolean closed;

        Logger(int port) throws IOException {
            client = new RawMqttClient(port);
            client.send(RawMqttClient.connect311("dtu-tf1", 60, false));
            RawMqttClient.Packet connack = client.read(Duration.ofSeconds(10));
            assertEquals(CONNACK, connack.type());
        }

        void sendAll(byte[][] packets, BitSet acked) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < packets.length; i++) if (!acked.get(i)) all.writeBytes(packets[i]);
            client.send(all.toByteArray()); // in one write, as a logger uploading its backlog does
        }

        void sendMissing(byte[][] packets, BitSet acked) {
            try {
                sendAll(packets, acked);
            } catch (IOException e) {
                closed = true;
            }
        }

        /** Reads PUBACKs until the connection closes or none came for {@code quiet}. */
        void collect(BitSet acked, Duration quiet) throws IOException {
            while (!closed) {
                try {
                    RawMqttClient.Packet p = client.read(quiet);
                    if (p.type() == PUBACK) acked.set(p.packetId() - 1);
                } catch (SocketTimeoutException e) {
                    return;
                } catch (IOException e) {
                    closed = true;
                }
            }
        }

        @Override
        public void close() throws IOException { client.close(); }
    }
}
