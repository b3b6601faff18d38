package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.testing.Await;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away (its only broker is killed) while data loggers publish: the ingest node keeps their
 * readings in its local outbox and acknowledges them once they are on its disk; it is then killed
 * itself ({@code kill -9}) with the outbox not yet shipped; once Kafka and the node are back, the outbox
 * goes to Kafka first, so Kafka holds every acknowledged message, each site's in the order its logger
 * sent them, and the node sends straight to Kafka again.
 */
class IngestOutboxTest {
    private static final int PARTITIONS = 2;
    private static final long BASE_TS = System.currentTimeMillis() - 600_000;

    @TempDir
    Path dir;

    @Test
    void whileKafkaIsAwayReadingsAreAcknowledgedFromDiskAndReachKafkaInOrderAcrossACrash() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.startWithOwnKafka(dir, 1, PARTITIONS, "3s")) {
            Workload.writeSites(cluster);
            LocalKafka.Node broker = cluster.kafka.nodes().get(0);
            Workload load = new Workload(BASE_TS);
            GatewayProcess ingest = cluster.node("ingest-1", "ingest");
            try (Workload.Fleet loggers = new Workload.Fleet(List.of(ingest.mqttPort()))) {
                for (int r = 0; r < 5; r++) load.round(loggers, r);
                assertEquals(0, Http.metric(ingest.httpPort(), "hazardgate_cluster_outbox_records_total"),
                        "with Kafka up, readings go straight to it");
                cluster.kafka.kill(broker);
                for (int r = 5; r < 15; r++) load.round(loggers, r); // each publish returns only with its PUBACK
                assertEquals(1, Http.metric(ingest.httpPort(), "hazardgate_cluster_outbox_active"));
                assertTrue(Http.metric(ingest.httpPort(), "hazardgate_cluster_outbox_records_total") >= 10 * Workload.SITES,
                        "every message of the outage was kept in the outbox");
                ingest.kill(); // the outbox holds ten rounds that only this node's disk has
            }
            cluster.kafka.restart(broker);
            GatewayProcess again = cluster.node("ingest-1", "ingest"); // the same data directory
            assertTrue(again.output().contains("Kafka does not have yet"), "the restarted node found its outbox:\n" + again.output());
            try (Workload.Fleet loggers = new Workload.Fleet(List.of(again.mqttPort()))) {
                for (int r = 15; r < 20; r++) load.round(loggers, r);
            }
            Await.until("the outbox shipped and the node sending straight to Kafka", Duration.ofSeconds(60),
                    () -> Http.metric(again.httpPort(), "hazardgate_cluster_outbox_active") == 0);

            Map<String, List<Integer>> rounds = roundsInKafka(cluster);
            List<Integer> all = IntStream.range(0, 20).boxed().toList();
            assertEquals(Workload.SITES, rounds.size(), "every site's readings are in Kafka: " + rounds.keySet());
            rounds.forEach((site, got) -> assertEquals(all, got, "site " + site + ": every message, once each, in order"));
            assertEquals(20 * Workload.SITES * Workload.POINTS, load.acknowledged);
        }
    }

    /** For each site, the rounds of the distinct messages in the readings topic, in topic order. */
    private static Map<String, List<Integer>> roundsInKafka(ClusterFixture cluster) {
        Map<String, Set<Integer>> bySite = new TreeMap<>();
        ReadingBatch b = new ReadingBatch();
        for (List<ConsumerRecord<byte[], byte[]>> part
                : Workload.readAll(cluster.kafka.bootstrap(), cluster.prefix + ".readings", PARTITIONS).values()) {
            for (ConsumerRecord<byte[], byte[]> r : part) {
                if (r.value()[0] != ReadingBatch.KIND) continue;
                b.wrap(BufferBytes.wrap(r.value()));
                assertTrue(b.next());
                // a message sent twice (a send Kafka wrote but did not confirm) keeps its first place
                bySite.computeIfAbsent(b.site(), k -> new LinkedHashSet<>()).add((int) ((b.ts() - BASE_TS) / 1000));
            }
        }
        Map<String, List<Integer>> out = new TreeMap<>();
        bySite.forEach((s, r) -> out.put(s, new ArrayList<>(r)));
        return out;
    }
}
