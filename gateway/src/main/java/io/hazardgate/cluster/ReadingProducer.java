package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import io.hazardgate.plant.SensorIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka side of an ingest node: sends a record (a reading batch or a command) to the readings
 * topic, in the partition of its site, idempotent and with {@code acks=all}, and says when every
 * in-sync replica has it or why not. Never blocks the caller: a full buffer or unknown metadata fails
 * the send at once; the callback runs on the producer's thread. {@link IngestOutbox} decides what a
 * failure means for the device.
 */
public final class ReadingProducer implements AutoCloseable {
    /** Header naming the configuration generation the record was decoded under. */
    public static final String GENERATION_HEADER = "hg-config";
    /** Header naming the ingest node that produced the record, so the alarm tier can say which node runs which generation. */
    public static final String NODE_HEADER = "hg-node";

    private final KafkaProducer<byte[], byte[]> producer;
    private final ClusterTopics topics;
    private final byte[] generation;
    private final byte[] node;
    private final Counter sent;
    private final Counter failed;
    private final Timer ackTime;

    public ReadingProducer(ClusterSettings settings, ClusterTopics topics, String nodeId, ConfigGeneration generation,
                           MeterRegistry meters) {
        var props = KafkaClients.producer(settings, nodeId + "-readings");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(settings.deliveryTimeout().toMillis()));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, settings.deliveryTimeout().toMillis() / 2)));
        // the event loop must never wait: a full buffer or unknown metadata fails the record at once
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(props);
        this.topics = topics;
        this.generation = generation.id().getBytes(StandardCharsets.US_ASCII);
        this.node = nodeId.getBytes(StandardCharsets.UTF_8);
        this.sent = ClusterMetrics.readingsSent(meters);
        this.failed = ClusterMetrics.readingsFailed(meters);
        this.ackTime = ClusterMetrics.readingsAck(meters);
    }

    /**
     * Fetches the topic's metadata, blocking up to {@code timeout}, so that sends need not wait for it.
     *
     * @return false when Kafka did not answer in time (sends fail until it does)
     */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                producer.partitionsFor(topics.readings());
                return true;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(200);
            }
        }
    }

    /**
     * Sends {@code value} to the partition of {@code site}; {@code done} gets null once Kafka has it on
     * every in-sync replica, or the reason it does not. Exactly one call of {@code done}, possibly on the
     * caller's thread for a record refused up front.
     */
    public void send(String site, byte[] value, Consumer<Exception> done) {
        int partition = SensorIndex.partitionOf(site, topics.partitions());
        RecordHeaders headers = new RecordHeaders();
        headers.add(GENERATION_HEADER, generation);
        headers.add(NODE_HEADER, node);
        long start = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(topics.readings(), partition, site.getBytes(StandardCharsets.UTF_8), value, headers),
                    (meta, e) -> {
                        if (e == null) {
                            sent.increment();
                            ackTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        } else {
                            failed.increment();
                        }
                        done.accept(e);
                    });
        } catch (RuntimeException e) {
            failed.increment();
            done.accept(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
