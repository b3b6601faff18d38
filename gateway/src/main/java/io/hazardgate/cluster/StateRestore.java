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

/**
 * Reads one partition of the state changelog from its start to its last committed record (the end a
 * {@code read_committed} reader sees), keeping the newest record of each sensor, and hands them over.
 * What it hands over is the state as of the partition's committed offset: the changelog and the offsets
 * are written in the same transactions.
 */
final class StateRestore implements AutoCloseable {
    /** Records handed over and the bytes read for them. */
    record Result(int records, long bytes) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;

    StateRestore(ClusterSettings settings, ClusterTopics topics, String nodeId) {
        var props = KafkaClients.consumer(settings, nodeId + "-restore");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topics.state();
    }

    Result read(int partition, Predicate<byte[]> apply) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(60)).get(tp);
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

    @Override
    public void close() { consumer.close(Duration.ofSeconds(5)); }
}
