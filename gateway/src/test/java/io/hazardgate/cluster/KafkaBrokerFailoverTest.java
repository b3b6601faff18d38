package io.hazardgate.cluster;

import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker that leads most of the readings partitions is killed ({@code kill -9}) while
 * readings flow: the other two brokers elect new leaders (three copies, two in sync suffice), ingest
 * waits or keeps readings in its outbox, alarm nodes whose transactions broke start over from the last
 * commit, and still every acknowledged reading is stored and every transition committed once, as the
 * single-process engine makes them.
 */
class KafkaBrokerFailoverTest {
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void killNineOfTheLeaderBrokerUnderLoadLosesAndDoublesNothing() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "alarm-2:alarm", "ingest-1:ingest");
            GatewayProcess store = n.get(0);
            GatewayProcess ingest = n.get(3);
            AlarmFailoverTest.awaitSpread(List.of(n.get(1), n.get(2)), PARTITIONS, 60);
            Workload load = new Workload(System.currentTimeMillis() - 600_000);
            LocalKafka.Node leader = null;
            try (Mqtt.Client control = Mqtt.connect(ingest.mqttPort(), "control-room").subscribe("alarm/#", 1);
                 Workload.Fleet loggers = new Workload.Fleet(List.of(ingest.mqttPort()))) {
                Workload.Driver driver = load.drive(loggers, 0, 50);
                driver.awaitRounds(10);
                int leaderId = leaderOfMost(cluster);
                leader = cluster.kafka.nodes().stream().filter(k -> k.id() == leaderId).findFirst().orElseThrow();
                cluster.kafka.kill(leader);
                long killedAt = System.nanoTime();
                long electedMs = awaitLeadersOtherThan(cluster, leaderId, 60);
                driver.awaitRounds(20);
                int rounds = driver.stop();

                Verdict.assertStored(store, load.acknowledged);
                List<String> committed = Verdict.assertSameAsSingleProcess(cluster, true);
                Verdict.assertDeliveredOnce(control, committed);
                System.out.printf("broker %d killed; every readings partition had another leader after %d ms; %d rounds in %d ms "
                                + "after it, %d readings acknowledged, %d transitions%n", leaderId, electedMs, rounds - 10,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), load.acknowledged, committed.size());
            } finally {
                if (leader != null) cluster.kafka.restart(leader); // the shared cluster is whole again for the next test
            }
        }
    }

    /** The broker that leads most partitions of the readings topic. */
    private static int leaderOfMost(ClusterFixture cluster) throws Exception {
        Map<Integer, Integer> led = new HashMap<>();
        for (int leader : leaders(cluster).values()) led.merge(leader, 1, Integer::sum);
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Milliseconds until no readings partition is led by {@code broker} (nor leaderless). */
    private static long awaitLeadersOtherThan(ClusterFixture cluster, int broker, int seconds) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        Map<Integer, Integer> now = Map.of();
        while (System.nanoTime() < deadline) {
            now = leaders(cluster);
            if (now.size() == cluster.partitions && !now.containsValue(broker)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the readings partitions did not leave broker " + broker + " within " + seconds + " s: " + now);
    }

    /** Partition to leader of the readings topic; a partition without a leader is left out. */
    private static Map<Integer, Integer> leaders(ClusterFixture cluster) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka.bootstrap());
        try (Admin admin = Admin.create(p)) {
            String topic = cluster.prefix + ".readings";
            TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<Integer, Integer> out = new HashMap<>();
            for (TopicPartitionInfo i : d.partitions()) if (i.leader() != null) out.put(i.partition(), i.leader().id());
            return out;
        }
    }
}
