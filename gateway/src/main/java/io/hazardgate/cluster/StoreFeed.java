package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store writer of the cluster: a member of the store consumer group that takes reading batches and
 * committed alarm events from Kafka into its {@link Store}, through the store's durable log as in the
 * single process. Offsets are committed only once the log has every record of the batch on disk, so a
 * writer that dies loses nothing: its partitions are read again from the last commit by another (the
 * store's schema takes a row written twice as one). A store that is down only grows the log's backlog;
 * Kafka keeps what the log has not taken yet.
 */
public final class StoreFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreFeed.class);

    private final Properties member;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** Set by the consumer's own thread when Kafka ended its membership. */
    private boolean membershipEnded;
    private final ClusterTopics topics;
    private final Store store;
    private final String nodeId;
    private final Thread thread;
    private final Counter readings;
    private final Counter alarms;
    private volatile boolean running = true;

    public StoreFeed(ClusterSettings settings, ClusterTopics topics, String nodeId, Store store, MeterRegistry meters) {
        this.member = KafkaClients.groupMember(settings, nodeId + "-store", settings.topicPrefix() + ".store");
        this.topics = topics;
        this.store = store;
        this.nodeId = nodeId;
        this.thread = new Thread(this::run, "store-feed");
        this.thread.setDaemon(true);
        this.readings = ClusterMetrics.storeBatches(meters);
        this.alarms = ClusterMetrics.storeAlarms(meters);
    }

    public void start() {
        consumer = join();
        thread.start();
    }

    /**
     * A new member of the store group. One whose membership ended is not asked to rejoin under its old
     * member id, which a broker may keep refusing while it still holds that member at a later epoch: it
     * is closed and a new one joins; the old member's partitions move once its session is over.
     */
    private KafkaConsumer<byte[], byte[]> join() {
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(member);
        c.subscribe(List.of(topics.readings(), topics.alarms()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // offsets are committed after every batch: nothing to hand over
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // read on from the last commit
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                membershipEnded = true;
            }
        });
        return c;
    }

    private void run() {
        while (running) {
            try {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (membershipEnded) {
                    // what this poll returned is read again by the partitions' next owner, from the last commit
                    log.warn("store writer {}: its group membership ended; joining again as a new member", nodeId);
                    membershipEnded = false;
                    KafkaConsumer<byte[], byte[]> old = consumer;
                    consumer = join();
                    old.close(Duration.ofSeconds(5));
                    continue;
                }
                if (batch.isEmpty()) continue;
                AtomicInteger pending = new AtomicInteger(1);
                CountDownLatch durable = new CountDownLatch(1);
                AtomicReference<Exception> failure = new AtomicReference<>();
                Runnable done = () -> {
                    if (pending.decrementAndGet() == 0) durable.countDown();
                };
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    byte[] v = r.value();
                    if (v == null || v.length == 0) continue;
                    java.util.function.Consumer<Exception> failed = e -> {
                        failure.set(e);
                        done.run();
                    };
                    if (r.topic().equals(topics.alarms())) {
                        pending.incrementAndGet();
                        alarms.increment();
                        store.appendAlarm(AlarmEventJson.decode(v), done, failed);
                    } else if (v[0] == ReadingBatch.KIND) {
                        pending.incrementAndGet();
                        readings.increment();
                        store.log().append(BufferBytes.wrap(v), done, failed);
                    }
                }
                done.run();
                while (!durable.await(1, TimeUnit.SECONDS)) {
                    if (!running) return;
                }
                if (failure.get() != null) {
                    // not on disk: read the batch again rather than commit past it
                    log.warn("store writer {}: the log refused records ({}); reading them again", nodeId, failure.get().toString());
                    for (TopicPartition tp : offsets.keySet()) {
                        OffsetAndMetadata committed = consumer.committed(java.util.Set.of(tp)).get(tp);
                        consumer.seek(tp, committed == null ? 0 : committed.offset());
                    }
                    Thread.sleep(1000);
                    continue;
                }
                consumer.commitSync(offsets);
            } catch (WakeupException e) {
                break;
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("store writer {}: {}; going on from the last commit", nodeId, e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
