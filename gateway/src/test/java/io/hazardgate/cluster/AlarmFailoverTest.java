package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hazardgate.testing.Await;
import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import io.hazardgate.testing.Mqtt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alarm tier loses a node under load and nothing is lost, doubled or invented: the dead node's
 * partitions resume on the other within seconds, every acknowledged reading reaches the store, and
 * the alarm events Kafka committed are exactly, one for one, those the single-process engine makes of
 * the same recorded readings; the control room gets each once.
 */
class AlarmFailoverTest {
    static final int PARTITIONS = 4;
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
        try (ClusterFixture cluster = ClusterFixture.start(dir, PARTITIONS)) {
            Workload.writeSites(cluster);
            List<GatewayProcess> n = cluster.nodes("store-1:store-writer", "alarm-1:alarm", "alarm-2:alarm", "ingest-1:ingest");
            GatewayProcess store = n.get(0);
            GatewayProcess a1 = n.get(1);
            GatewayProcess a2 = n.get(2);
            GatewayProcess ingest = n.get(3);
            awaitSpread(List.of(a1, a2), PARTITIONS, 60);
            GatewayProcess victim = owned(a1).size() >= owned(a2).size() ? a1 : a2;
            GatewayProcess survivor = victim == a1 ? a2 : a1;
            Set<Integer> victimPartitions = owned(victim);

            Workload load = new Workload(System.currentTimeMillis() - 120_000);
            try (Mqtt.Client control = Mqtt.connect(ingest.mqttPort(), "control-room").subscribe("alarm/#", 1);
                 Workload.Fleet loggers = new Workload.Fleet(List.of(ingest.mqttPort()))) {
                long faultAt = 0;
                CompletableFuture<Long> moved = null;
                for (int r = 0; r < ROUNDS; r++) {
                    if (r == ROUNDS / 2) {
                        faultAt = System.nanoTime();
                        if (fault == Fault.KILL) victim.kill();
                        else signal("STOP", victim.pid());
                        long since = faultAt;
                        moved = CompletableFuture.supplyAsync(() -> {
                            try {
                                return awaitOwned(survivor, victimPartitions, 60, since);
                            } catch (Exception e) {
                                throw new CompletionException(e);
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
                    Await.until("the woken node notices it was fenced", Duration.ofSeconds(30),
                            () -> zombie.output().contains("lost partitions") || zombie.output().contains("joining again"));
                }

                Verdict.assertStored(store, load.acknowledged);
                List<String> committed = Verdict.assertSameAsSingleProcess(cluster, false);
                Verdict.assertDeliveredOnce(control, committed);
                System.out.printf("%s: partitions %s moved after %d ms; %d transitions, %d readings acknowledged%n", fault,
                        victimPartitions, movedAfterMs, committed.size(), load.acknowledged);
                survivor.output().lines().filter(l -> l.contains("took partition")).forEach(System.out::println);
                // the issue's bound: a dead or paused owner's partitions resume elsewhere within 10 s
                assertTrue(movedAfterMs < 10_000,
                        "partitions " + victimPartitions + " resumed on the other node after " + movedAfterMs + " ms");
            }
        }
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

    /** Waits until {@code nodes} own every partition between them, each at least one, none twice. */
    static void awaitSpread(List<GatewayProcess> nodes, int partitions, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String seen = "";
        while (System.nanoTime() < deadline) {
            Set<Integer> all = new TreeSet<>();
            int total = 0;
            boolean each = true;
            StringBuilder sb = new StringBuilder();
            for (GatewayProcess n : nodes) {
                Set<Integer> o = owned(n);
                each &= !o.isEmpty();
                all.addAll(o);
                total += o.size();
                sb.append(o).append(' ');
            }
            seen = sb.toString();
            if (all.size() == partitions && total == partitions && each) return;
            Thread.sleep(200);
        }
        throw new AssertionError("the alarm nodes did not share the " + partitions + " partitions within " + seconds + " s: " + seen);
    }

    /** Milliseconds from {@code since} until {@code node} owns every one of {@code partitions}. */
    static long awaitOwned(GatewayProcess node, Set<Integer> partitions, int seconds, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (owned(node).containsAll(partitions)) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            Thread.sleep(100);
        }
        throw new AssertionError("partitions " + partitions + " did not move within " + seconds + " s");
    }
}
