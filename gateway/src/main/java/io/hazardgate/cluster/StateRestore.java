package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one partition of the state changelog from its start to its last committed record (the end a
 * {@code read_committed} reader sees), keeping the newest record of each sensor, and hands them over.
 * What it hands over is the state as of the partition's committed offset: the changelog and the offsets
 * are written in the same transactions.
 *
 * <p>It first waits until no transaction is open on the partition (the committed end equals the
 * written end), bounded by the transaction timeout and a margin: a transaction's markers reach the
 * changelog and the group's offsets separately, and a previous owner's last commit may have moved the
 * offsets already while its state records are not readable yet. Read before then, the state would be
 * one commit behind the offsets it is paired with.
 */
final class StateRestore implements AutoCloseable {
    /** Records handed over and the bytes read for them. */
    record Result(int records, long bytes) {}

    private static final Logger log = LoggerFactory.getLogger(StateRestore.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Sees the written end, open transactions included. */
    private final KafkaConsumer<byte[], byte[]> written;
    private final String topic;
    private final long settleNanos;

    StateRestore(ClusterSettings settings, ClusterTopics topics, String nodeId) {
        var props = KafkaClients.consumer(settings, nodeId + "-restore");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        this.consumer = new KafkaConsumer<>(props);
        var uncommitted = KafkaClients.consumer(settings, nodeId + "-restore-end");
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.written = new KafkaConsumer<>(uncommitted);
        this.topic = topics.state();
        this.settleNanos = settings.transactionTimeout().plusSeconds(5).toNanos();
    }

    Result read(int partition, Predicate<byte[]> apply) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = settledEnd(tp);
        Map<String, byte[]> latest = new HashMap<>();
        long bytes = 0;
        while (consumer.position(tp, Duration.ofSeconds(60)) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() == null) continue;
                bytes += r.serializedKeySize() + Math.max(0, r.serializedValueSize());
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (r.value() == null) latest.remove(key);
                else latest.put(key, r.value());
            }
        }
        consumer.assign(List.of());
        int n = 0;
        for (byte[] v : latest.values()) if (apply.test(v)) n++;
        return new Result(n, bytes);
    }

    /** The committed end once it has caught up with the written end (no transaction open), or after the bound. */
    private long settledEnd(TopicPartition tp) {
        long deadline = System.nanoTime() + settleNanos;
        while (true) {
            long committed = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            long all = written.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
            if (committed >= all) return committed;
            if (System.nanoTime() > deadline) {
                log.warn("state partition {} still has a transaction open after {} s; restoring what is committed", tp,
                        java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(settleNanos));
                return committed;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return committed;
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        written.close(Duration.ofSeconds(5));
    }
}
