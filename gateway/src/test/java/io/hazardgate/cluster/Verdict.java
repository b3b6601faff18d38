package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What every cluster test checks at its end, whatever the fault: every acknowledged reading is in the
 * store, and the alarm transitions Kafka committed are, one for one, those the single-process engine
 * makes of the same input, none twice.
 */
final class Verdict {
    private Verdict() {}

    /** The store has as many readings as were acknowledged (each reading has its own timestamp: none are one row). */
    static void assertStored(GatewayProcess store, int acknowledged) throws Exception {
        assertEquals(acknowledged, Http.awaitCount(store.storePort(), store.storeCredentials(), "select count() from reading", acknowledged),
                "acknowledged readings in the store");
    }

    /**
     * Waits until the alarm tier has committed its offsets up to the end of every readings partition
     * (its transactions carry them: every event of every record is committed then), and compares the
     * committed transitions with the single-process engine's. With {@code once}, the engine sees each
     * message once even where Kafka holds a resend twice. Returns the committed transitions.
     */
    static List<String> assertSameAsSingleProcess(ClusterFixture cluster, boolean once) throws Exception {
        String bootstrap = cluster.kafka.bootstrap();
        awaitAlarmTierCaughtUp(cluster, 90);
        List<String> expected = Workload.singleProcessTransitions(cluster.config, bootstrap, cluster.prefix, cluster.partitions, once);
        List<String> committed = Workload.committedTransitions(bootstrap, cluster.prefix, cluster.partitions);
        List<String> twice = new ArrayList<>();
        Workload.counts(committed).forEach((t, n) -> {
            if (n > 1) twice.add(t + " ×" + n);
        });
        assertTrue(twice.isEmpty(), "transitions committed more than once: " + twice);
        assertTrue(!expected.isEmpty(), "the load makes transitions");
        assertEquals(new TreeSet<>(expected), new TreeSet<>(committed), "the cluster's transitions are the single-process engine's");
        return committed;
    }

    /** Waits until the alarm group's committed offsets reach the end of every readings partition. */
    static void awaitAlarmTierCaughtUp(ClusterFixture cluster, int seconds) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka.bootstrap());
        try (Admin admin = Admin.create(p); var reader = Workload.reader(cluster.kafka.bootstrap())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < cluster.partitions; i++) tps.add(new TopicPartition(cluster.prefix + ".readings", i));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Map<TopicPartition, Long> end = Map.of();
            Map<TopicPartition, OffsetAndMetadata> done = Map.of();
            while (System.nanoTime() < deadline) {
                end = reader.endOffsets(tps, Duration.ofSeconds(30));
                done = admin.listConsumerGroupOffsets(cluster.prefix + ".alarm").partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                boolean all = true;
                for (TopicPartition tp : tps) {
                    OffsetAndMetadata o = done.get(tp);
                    if (end.get(tp) > 0 && (o == null || o.offset() < end.get(tp))) all = false;
                }
                if (all) return;
                Thread.sleep(200);
            }
            throw new AssertionError("the alarm tier did not catch up within " + seconds + " s: end " + end + ", committed " + done);
        }
    }

    /**
     * A control-room client on an ingest node: every alarm event delivered on MQTT, as {@code id#seq state level @ts}
     * in the form of {@link Workload#describe}.
     */
    static List<String> delivered(Mqtt.Client control) {
        List<String> out = new ArrayList<>();
        for (Mqtt.Received r : control.received) {
            if (!r.topic().startsWith("alarm/")) continue;
            AlarmEvent e = AlarmEventJson.decode(r.payload().getBytes(StandardCharsets.UTF_8));
            out.add(Workload.describe(e));
        }
        return out;
    }

    /** The control room got every committed transition, each once. */
    static void assertDeliveredOnce(Mqtt.Client control, List<String> committed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> got = delivered(control);
        while (!new TreeSet<>(got).containsAll(committed) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            got = delivered(control);
        }
        List<String> twice = new ArrayList<>();
        Workload.counts(got).forEach((t, n) -> {
            if (n > 1) twice.add(t + " ×" + n);
        });
        assertTrue(twice.isEmpty(), "alarm events delivered more than once: " + twice);
        assertEquals(new TreeSet<>(committed), new TreeSet<>(got), "the control room got every committed transition");
    }
}
