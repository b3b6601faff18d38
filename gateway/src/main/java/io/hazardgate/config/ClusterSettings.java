package io.hazardgate.config;

import java.time.Duration;
import java.util.List;

/**
 * Cluster mode on Apache Kafka (docs/operations.md, "Cluster mode"). Absent from the file, the gateway
 * runs as one process; a node of a cluster is started with {@code run --role ...}.
 *
 * @param kafka              bootstrap servers, {@code host:port}
 * @param partitions         partitions of the readings, alarms and state topics: the unit the alarm tier
 *                           moves between nodes (sites are partitioned, never split)
 * @param replication        copies of each partition; 3 survives one broker lost with writes going on
 * @param topicPrefix        names the topics {@code PREFIX.readings}, {@code PREFIX.alarms}, {@code PREFIX.alarm-state}
 * @param transactionTimeout how long an alarm node's open transaction may hold its partitions' readers
 *                           back when the node stops answering (a paused or dead owner); a new owner
 *                           resumes once the broker aborted it
 * @param deliveryTimeout    how long ingest waits for Kafka to take a reading before it keeps the reading
 *                           in its local outbox instead
 */
public record ClusterSettings(List<String> kafka, int partitions, int replication, String topicPrefix,
                              Duration transactionTimeout, Duration deliveryTimeout) {
    public static final int DEFAULT_PARTITIONS = 12;
    /** As many as a site-partitioned sensor index takes. */
    public static final int MAX_PARTITIONS = 1024;
    public static final int DEFAULT_REPLICATION = 3;
    public static final String DEFAULT_TOPIC_PREFIX = "hazardgate";
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    public static final ClusterSettings NONE = new ClusterSettings(List.of(), DEFAULT_PARTITIONS, DEFAULT_REPLICATION,
            DEFAULT_TOPIC_PREFIX, DEFAULT_TRANSACTION_TIMEOUT, DEFAULT_DELIVERY_TIMEOUT);

    public boolean configured() { return !kafka.isEmpty(); }

    public String bootstrap() { return String.join(",", kafka); }

    public ClusterSettings withKafka(List<String> servers) {
        return new ClusterSettings(List.copyOf(servers), partitions, replication, topicPrefix, transactionTimeout,
                deliveryTimeout);
    }

    public ClusterSettings withReplication(int copies) {
        return new ClusterSettings(kafka, partitions, copies, topicPrefix, transactionTimeout, deliveryTimeout);
    }

    public ClusterSettings withPartitions(int n) {
        return new ClusterSettings(kafka, n, replication, topicPrefix, transactionTimeout, deliveryTimeout);
    }

    /** Checks a {@code host:port} list (from the file or the command line); the message says what is wrong. */
    public static List<String> parseServers(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : text.split(",")) {
            String t = s.strip();
            if (t.isEmpty()) continue;
            int colon = t.lastIndexOf(':');
            if (colon <= 0) throw new IllegalArgumentException("'" + t + "' is not host:port");
            try {
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port < 1 || port > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "' has no valid port");
            }
            out.add(t);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("names no server");
        return List.copyOf(out);
    }
}
