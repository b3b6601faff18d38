package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster carries a reading from a device to the control room and the store: an ingest node takes
 * it (PUBACK once Kafka has it), an alarm node raises the alarm, the ingest node delivers it on MQTT,
 * and the store writer has the reading and the alarm in QuestDB. Each tier is its own process.
 */
class ClusterEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void carriesAReadingThroughKafkaToTheAlarmAndTheStore() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, 4)) {
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "ingest-1:ingest");
            GatewayProcess store = n.get(0);
            GatewayProcess ingest = n.get(2);
            try (Mqtt.Client control = Mqtt.connect(ingest.mqttPort(), "control-room");
                 Mqtt.Client logger = Mqtt.connect(ingest.mqttPort(), "dtu-tf1")) {
                control.subscribe("alarm/demo/#", 1);
                logger.publish("plant/demo/dtu-tf1/telemetry", "{\"readings\":[{\"tag\":\"GT-101\",\"value\":60}]}", 1);
                Mqtt.Received raised = nextWithin(control, "alarm/demo/TF1/GT-101", 60);
                assertTrue(raised.payload().contains("\"state\":\"raised\""), raised.payload());
                assertTrue(raised.payload().contains("\"colour\":\"red\""), raised.payload());
                assertEquals(1, Http.awaitCount(store.storePort(), "select count() from reading where tag = 'GT-101'", 1));
                assertEquals(1, Http.awaitCount(store.storePort(), "select count() from alarm_event where tag = 'GT-101'", 1));
                assertEquals(0, Http.metric(ingest.httpPort(), "hazardgate_cluster_outbox_records_total"),
                        "with Kafka up, nothing waits in the outbox");
            }
        }
    }

    static Mqtt.Received nextWithin(Mqtt.Client c, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Mqtt.Received r = c.received.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (r != null && r.topic().startsWith(prefix)) return r;
        }
        throw new AssertionError("no message on " + prefix + " within " + seconds + " s");
    }
}
