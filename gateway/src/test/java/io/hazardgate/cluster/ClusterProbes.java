package io.hazardgate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hazardgate.testing.GatewayProcess;
import io.hazardgate.testing.Http;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * What the cluster tests look at from outside: which partitions each alarm node owns (its
 * {@code /api/cluster/node}), which broker leads each readings partition (Kafka's admin API), and
 * signals to processes by PID.
 */
final class ClusterProbes {
    private static final Pattern OWNED = Pattern.compile("\"partitions\":\\[([0-9, ]*)]");

    private ClusterProbes() {}

    /** {@code kill -SIG PID}. */
    static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + sig + " " + pid);
    }

    /** The partitions an alarm node evaluates now. */
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
        StringBuilder why = new StringBuilder();
        for (GatewayProcess n : nodes) {
            List<String> lines = n.output().lines().filter(l -> l.contains("alarm node") || l.contains("WARN") || l.contains("ERROR"))
                    .toList();
            why.append("\n--- node pid ").append(n.pid()).append(":\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
        }
        throw new AssertionError("the alarm nodes did not share the " + partitions + " partitions within " + seconds + " s: " + seen + why);
    }

    /** Milliseconds from {@code since} (a {@link System#nanoTime()}) until {@code node} owns every one of {@code partitions}. */
    static long awaitOwned(GatewayProcess node, Set<Integer> partitions, int seconds, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (owned(node).containsAll(partitions)) return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
            Thread.sleep(100);
        }
        throw new AssertionError("partitions " + partitions + " did not move within " + seconds + " s");
    }

    /** The broker that leads most partitions of the readings topic. */
    static int leaderOfMost(ClusterFixture cluster) throws Exception {
        Map<Integer, Integer> led = new HashMap<>();
        for (int leader : leaders(cluster).values()) led.merge(leader, 1, Integer::sum);
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Milliseconds until no readings partition is led by {@code broker}, nor leaderless. */
    static long awaitLeadersOtherThan(ClusterFixture cluster, int broker, int seconds) throws Exception {
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
    static Map<Integer, Integer> leaders(ClusterFixture cluster) throws Exception {
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
