package io.hazardgate.cluster;

import static io.hazardgate.cluster.AlarmFailoverTest.awaitSpread;

import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm tier grows from one node to two and three and shrinks to two while readings flow: each
 * time Kafka spreads the partitions over the nodes there are, each new owner restores a partition's
 * state from the changelog and goes on where the last commit left it, and the committed transitions
 * are still exactly the single-process engine's, delivered once.
 */
class AlarmScalingTest {
    private static final int PARTITIONS = 6;

    @TempDir
    Path dir;

    @Test
    void alarmNodesOneTwoThreeTwoUnderLoadKeepEveryTransitionExactlyOnce() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "ingest-1:ingest");
            GatewayProcess store = n.get(0);
            GatewayProcess a1 = n.get(1);
            GatewayProcess ingest = n.get(2);
            awaitSpread(List.of(a1), PARTITIONS, 60);
            Workload load = new Workload(System.currentTimeMillis() - 600_000);
            try (Mqtt.Client control = Mqtt.connect(ingest.mqttPort(), "control-room").subscribe("alarm/#", 1);
                 Workload.Fleet loggers = new Workload.Fleet(List.of(ingest.mqttPort()))) {
                Workload.Driver driver = load.drive(loggers, 0, 50);
                driver.awaitRounds(10);
                GatewayProcess a2 = cluster.node("alarm-2", "alarm");
                awaitSpread(List.of(a1, a2), PARTITIONS, 60);
                driver.awaitRounds(10);
                GatewayProcess a3 = cluster.node("alarm-3", "alarm");
                awaitSpread(List.of(a1, a2, a3), PARTITIONS, 60);
                driver.awaitRounds(10);
                a3.close(); // leaves the group: its partitions go to the two left
                awaitSpread(List.of(a1, a2), PARTITIONS, 60);
                driver.awaitRounds(10);
                int rounds = driver.stop();

                Verdict.assertStored(store, load.acknowledged);
                List<String> committed = Verdict.assertSameAsSingleProcess(cluster, false);
                Verdict.assertDeliveredOnce(control, committed);
                System.out.printf("scaling 1-2-3-2: %d rounds, %d readings acknowledged, %d transitions%n", rounds,
                        load.acknowledged, committed.size());
            }
        }
    }
}
