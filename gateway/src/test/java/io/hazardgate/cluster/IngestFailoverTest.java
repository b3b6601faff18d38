package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.ExternalProgram;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Mqtt;
import io.hazardgate.testing.Needs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingest node dies ({@code kill -9}) while data loggers publish through it: they connect to another
 * ingest node (directly, or through HAProxy as in production) and send again what was not
 * acknowledged. Kafka may then hold a message twice; the alarm tier takes the second as the duplicate
 * it is, so the committed transitions are exactly those of each message evaluated once, and every
 * acknowledged reading is stored once.
 */
class IngestFailoverTest {
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void killNineOfAnIngestNodeLoggersSendAgainToTheOtherAndNoAlarmIsAdded() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "ingest-1:ingest", "ingest-2:ingest");
            GatewayProcess victim = n.get(2);
            GatewayProcess survivor = n.get(3);
            // loggers spread over both nodes, each knowing both addresses
            run(cluster, n.get(0), victim, survivor, List.of(victim.mqttPort(), survivor.mqttPort()));
        }
    }

    @Test
    @Needs(ExternalProgram.HAPROXY)
    void throughHaproxyLoggersReachAnotherIngestNodeWhenTheirsDies() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "ingest-1:ingest", "ingest-2:ingest");
            try (HaproxyProcess haproxy = HaproxyProcess.start(dir, List.of(n.get(2).mqttPort(), n.get(3).mqttPort()))) {
                // loggers know one address, the balancer's; it spreads them over both nodes (least connections)
                run(cluster, n.get(0), n.get(2), n.get(3), List.of(haproxy.port()));
            }
        }
    }

    private static void run(ClusterFixture cluster, GatewayProcess store, GatewayProcess victim, GatewayProcess survivor,
                            List<Integer> endpoints) throws Exception {
        Workload load = new Workload(System.currentTimeMillis() - 600_000);
        try (Mqtt.Client control = Mqtt.connect(survivor.mqttPort(), "control-room").subscribe("alarm/#", 1);
             Workload.Fleet loggers = new Workload.Fleet(endpoints)) {
            Workload.Driver driver = load.drive(loggers, 0, 50);
            driver.awaitRounds(10);
            victim.kill();
            driver.awaitRounds(20);
            int rounds = driver.stop();
            assertTrue(loggers.resends() > 0, "some loggers were on the killed node and sent again");

            Verdict.assertStored(store, load.acknowledged);
            List<String> committed = Verdict.assertSameAsSingleProcess(cluster, true);
            Verdict.assertDeliveredOnce(control, committed);
            int twice = Workload.duplicateRecords(cluster.kafka.bootstrap(), cluster.prefix, cluster.partitions);
            System.out.printf("ingest node killed: %d rounds, %d readings acknowledged, %d resends, %d messages twice in Kafka, "
                    + "%d transitions%n", rounds, load.acknowledged, loggers.resends(), twice, committed.size());
            assertEquals(0, Verdict.delivered(control).stream().filter(t -> !committed.contains(t)).count(),
                    "no alarm event beyond the committed ones reached the control room");
        }
    }
}
