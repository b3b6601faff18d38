package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store side stops for 20 s (the store writer with its embedded QuestDB is frozen with
 * {@code SIGSTOP}) while readings flow: alarms do not wait for it (readings raised during the outage
 * reach the control room during the outage), and once it wakes it takes the backlog from Kafka, so
 * every acknowledged reading is stored and the transitions are the single-process engine's. How the
 * alarm latency compares with and without the outage is measured by bench/cluster.sh, not asserted here.
 */
class StoreWriterOutageTest {
    private static final int PARTITIONS = 4;
    private static final long OUTAGE_MS = 20_000;

    @TempDir
    Path dir;

    @Test
    void alarmsFlowWhileTheStoreIsDownAndTheStoreCatchesUpAfter() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "ingest-1:ingest");
            GatewayProcess store = n.get(0);
            GatewayProcess ingest = n.get(2);
            Workload load = new Workload(System.currentTimeMillis() - 600_000);
            try (Mqtt.Client control = Mqtt.connect(ingest.mqttPort(), "control-room").subscribe("alarm/#", 1);
                 Workload.Fleet loggers = new Workload.Fleet(List.of(ingest.mqttPort()))) {
                Workload.Driver driver = load.drive(loggers, 0, 100);
                driver.awaitRounds(10);
                AlarmFailoverTest.signal("STOP", store.pid());
                long stoppedAt = System.currentTimeMillis();
                boolean raisedDuringOutage;
                try {
                    Thread.sleep(OUTAGE_MS);
                    // events whose reading arrived after the store stopped, delivered before it wakes
                    raisedDuringOutage = control.received.stream().filter(r -> r.topic().startsWith("alarm/"))
                            .map(r -> AlarmEventJson.decode(r.payload().getBytes(StandardCharsets.UTF_8)))
                            .anyMatch((AlarmEvent e) -> e.eventTs() > stoppedAt + 1000);
                } finally {
                    AlarmFailoverTest.signal("CONT", store.pid());
                }
                driver.awaitRounds(10);
                int rounds = driver.stop();
                assertTrue(raisedDuringOutage, "alarm events reached the control room while the store was down");

                Verdict.assertStored(store, load.acknowledged);
                List<String> committed = Verdict.assertSameAsSingleProcess(cluster, false);
                Verdict.assertDeliveredOnce(control, committed);
                System.out.printf("store writer stopped %d s: %d rounds, %d readings acknowledged, %d transitions; "
                                + "alarm latency p50 %.1f ms, p99 %.1f ms at the ingest node%n", TimeUnit.MILLISECONDS.toSeconds(OUTAGE_MS),
                        rounds, load.acknowledged, committed.size(),
                        Http.metric(ingest.httpPort(), "hazardgate_cluster_alarm_latency_seconds{quantile=\"0.5\"}") * 1000,
                        Http.metric(ingest.httpPort(), "hazardgate_cluster_alarm_latency_seconds{quantile=\"0.99\"}") * 1000);
            }
        }
    }
}
