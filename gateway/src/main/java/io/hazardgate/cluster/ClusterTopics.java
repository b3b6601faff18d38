package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's topics, all with the same partition count so that partition {@code p} of each holds
 * the same sites:
 * <ul>
 *   <li>{@code PREFIX.readings}: accepted reading batches and operator commands, keyed by site; kept
 *       for {@link #READINGS_RETENTION_MS} (the store writer's and a lagging alarm node's backlog);</li>
 *   <li>{@code PREFIX.alarms}: alarm events, keyed by alarm ({@code site/tag/rule}), compacted, so the
 *       latest event of every alarm is always there for a control-room node that starts;</li>
 *   <li>{@code PREFIX.alarm-state}: each sensor's state after the latest transaction that touched it,
 *       keyed by {@code site/tag}, compacted: what a new owner of a partition restores.</li>
 * </ul>
 */
public final class ClusterTopics {
    private static final Logger log = LoggerFactory.getLogger(ClusterTopics.class);
    static final long READINGS_RETENTION_MS = 7L * 24 * 3600 * 1000;

    private final String readings;
    private final String alarms;
    private final String state;
    private final int partitions;
    private final int replication;

    public ClusterTopics(ClusterSettings s) {
        this.readings = s.topicPrefix() + ".readings";
        this.alarms = s.topicPrefix() + ".alarms";
        this.state = s.topicPrefix() + ".alarm-state";
        this.partitions = s.partitions();
        this.replication = s.replication();
    }

    public String readings() { return readings; }

    public String alarms() { return alarms; }

    public String state() { return state; }

    public int partitions() { return partitions; }

    /** The topics' descriptions, once the brokers know them (a topic just created takes a moment). */
    private Map<String, TopicDescription> describe(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return admin.describeTopics(Set.of(readings, alarms, state)).allTopicNames().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    /**
     * Creates the topics that do not exist yet and checks that those which do have the configured
     * partition count (a different count would put sites on other partitions than the alarm tier expects).
     */
    public void ensure(ClusterSettings settings, String nodeId) throws InterruptedException {
        Properties client = KafkaClients.common(settings, nodeId + "-admin");
        int minIsr = Math.min(2, replication);
        try (Admin admin = Admin.create(client)) {
            List<NewTopic> wanted = new ArrayList<>();
            wanted.add(new NewTopic(readings, partitions, (short) replication).configs(Map.of(
                    "cleanup.policy", "delete", "retention.ms", Long.toString(READINGS_RETENTION_MS),
                    "min.insync.replicas", Integer.toString(minIsr))));
            wanted.add(new NewTopic(alarms, partitions, (short) replication).configs(Map.of(
                    "cleanup.policy", "compact", "min.insync.replicas", Integer.toString(minIsr))));
            wanted.add(new NewTopic(state, partitions, (short) replication).configs(Map.of(
                    "cleanup.policy", "compact", "min.insync.replicas", Integer.toString(minIsr))));
            for (NewTopic t : wanted) {
                try {
                    admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
                    log.info("created topic {} ({} partitions, {} copies)", t.name(), partitions, replication);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) throw new IllegalStateException(
                            "cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
            Map<String, TopicDescription> found = describe(admin);
            for (TopicDescription d : found.values()) {
                if (d.partitions().size() != partitions) {
                    throw new IllegalStateException("topic " + d.name() + " has " + d.partitions().size()
                            + " partitions, the configuration says cluster.partitions: " + partitions
                            + "; every node and topic must agree");
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer: " + e.getMessage(), e);
        }
    }
}
