package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm tier loses a node under load and nothing is lost, doubled or invented: the dead node's
 * partitions resume on the other within seconds, every acknowledged reading reaches the store, and
 * the alarm events Kafka committed are exactly, one for one, those the single-process engine makes of
 * the same recorded readings.
 */
class AlarmFailoverTest {
    private static final int PARTITIONS = 4;
    private static final int ROUNDS = 40;
    private static final Pattern OWNED = Pattern.compile("\"partitions\":\\[([0-9, ]*)]");

    @TempDir
    Path dir;

    @Test
    void killNineOfAnAlarmNodeMovesItsPartitionsAndKeepsEveryTransitionExactlyOnce() throws Exception {
        run(Fault.KILL);
    }

    @Test
    void aPausedAlarmNodeIsFencedWhenItWakesAndAddsNoTransition() throws Exception {
        run(Fault.PAUSE);
    }

    private enum Fault { KILL, PAUSE }

    private void run(Fault fault) throws Exception {
        try (ClusterFixture cluster = ClusterFixture.start(dir, 1, PARTITIONS)) {
            Path config = Workload.writeSites(cluster);
            GatewayProcess store = cluster.node("store-1", "store-writer");
            GatewayProcess a1 = cluster.node("alarm-1", "alarm");
            GatewayProcess a2 = cluster.node("alarm-2", "alarm");
            GatewayProcess ingest = cluster.node("ingest-1", "ingest");
            awaitOwnedBetween(List.of(a1, a2), PARTITIONS, 60);
            GatewayProcess victim = owned(a1).size() >= owned(a2).size() ? a1 : a2;
            GatewayProcess survivor = victim == a1 ? a2 : a1;
            Set<Integer> victimPartitions = owned(victim);

            Workload load = new Workload(System.currentTimeMillis() - 120_000);
            List<MqttClient> loggers = Workload.loggers(ingest.mqttPort());
            long faultAt = 0;
            java.util.concurrent.CompletableFuture<Long> moved = null;
            for (int r = 0; r < ROUNDS; r++) {
                if (r == ROUNDS / 2) {
                    faultAt = System.nanoTime();
                    if (fault == Fault.KILL) victim.kill();
                    else signal("STOP", victim.pid());
                    long since = faultAt;
                    moved = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return awaitOwned(survivor, victimPartitions, 60, since);
                        } catch (Exception e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
                }
                load.round(loggers, r);
                Thread.sleep(100);
            }
            long movedAfterMs = moved.get(90, TimeUnit.SECONDS);
            if (fault == Fault.PAUSE) {
                // paused past its session: fenced; woken, it must neither commit nor deliver anything
                long pausedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);
                if (pausedMs < 8000) Thread.sleep(8000 - pausedMs);
                signal("CONT", victim.pid());
                for (int r = ROUNDS; r < ROUNDS + 10; r++) {
                    load.round(loggers, r);
                    Thread.sleep(100);
                }
                GatewayProcess zombie = victim;
                io.hazardgate.testing.Await.until("the woken node notices it was fenced", java.time.Duration.ofSeconds(30),
                        () -> zombie.output().contains("lost partitions") || zombie.output().contains("joining again"));
            }
            for (MqttClient c : loggers) c.disconnect();

            // every acknowledged reading in the store (each reading has its own timestamp: no two are one row)
            assertEquals(load.acknowledged, Http.awaitCount(store.storePort(), "select count() from reading", load.acknowledged),
                    "acknowledged readings in the store");
            // the committed transitions settle once the alarm tier has consumed everything
            String bootstrap = cluster.kafka.bootstrap();
            List<String> expected = Workload.singleProcessTransitions(config, bootstrap, "hazardgate", PARTITIONS);
            List<String> committed = awaitCommitted(bootstrap, expected.size(), 60);
            Map<String, Integer> counts = Workload.counts(committed);
            List<String> duplicates = new ArrayList<>();
            counts.forEach((t, n) -> {
                if (n > 1) duplicates.add(t + " ×" + n);
            });
            assertTrue(duplicates.isEmpty(), "transitions committed more than once: " + duplicates);
            assertTrue(expected.size() > 40, "the load makes transitions: " + expected.size());
            assertEquals(new TreeSet<>(expected), new TreeSet<>(committed),
                    "the cluster's transitions are the single-process engine's");
            System.out.printf("%s: partitions %s moved after %d ms; %d transitions, %d readings acknowledged%n", fault,
                    victimPartitions, movedAfterMs, committed.size(), load.acknowledged);
            survivor.output().lines().filter(l -> l.contains("took partition")).forEach(System.out::println);
            assertTrue(movedAfterMs < 10_000,
                    "partitions " + victimPartitions + " resumed on the other node after " + movedAfterMs + " ms");
        }
    }

    private static List<String> awaitCommitted(String bootstrap, int expected, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> got;
        do {
            got = Workload.committedTransitions(bootstrap, "hazardgate", PARTITIONS);
            if (got.size() >= expected) {
                Thread.sleep(2000); // a sentinel would be better; extras would show up within the next round
                return Workload.committedTransitions(bootstrap, "hazardgate", PARTITIONS);
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return got;
    }

    static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + sig + " " + pid);
    }

    static Set<Integer> owned(GatewayProcess alarmNode) throws Exception {
        String body = Http.get("http://127.0.0.1:" + alarmNode.httpPort() + "/api/cluster/node").body();
        Matcher m = OWNED.matcher(body);
        Set<Integer> out = new TreeSet<>();
        if (m.find()) {
            for (String s : m.group(1).split(",")) if (!s.isBlank()) out.add(Integer.parseInt(s.strip()));
        }
        return out;
    }

    private static void awaitOwnedBetween(List<GatewayProcess> nodes, int partitions, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Set<Integer> all = new TreeSet<>();
            boolean each = true;
            for (GatewayProcess n : nodes) {
                Set<Integer> o = owned(n);
                each &= !o.isEmpty();
                all.addAll(o);
            }
            if (all.size() == partitions && each) return;
            Thread.sleep(200);
        }
        throw new AssertionError("the alarm nodes did not share the " + partitions + " partitions within " + seconds + " s");
    }

    /** Milliseconds from {@code since} until {@code node} owns every one of {@code partitions}. */
    private static long awaitOwned(GatewayProcess node, Set<Integer> partitions, int seconds, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (owned(node).containsAll(partitions)) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            Thread.sleep(100);
        }
        throw new AssertionError("partitions " + partitions + " did not move within " + seconds + " s");
    }
}
