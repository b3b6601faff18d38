package io.hazardgate.cluster;

import io.hazardgate.config.ClusterSettings;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.Bytes;
import io.hazardgate.record.DeviceStatusSink;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.RecordLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ingest node's way into the cluster: every accepted reading batch goes to the readings topic, in
 * the partition of its site, and is acknowledged to the device (QoS 1 PUBACK) only once Kafka has it on
 * every in-sync replica ({@code acks=all}). Operator commands and a logger's loss of its link go the
 * same way, so the alarm tier applies them in order with the site's readings.
 *
 * <p>Never blocks the caller: {@link #append} hands the record to the producer and returns; the
 * callback runs on the producer's thread. A record Kafka does not take within the delivery timeout is
 * refused (the device keeps it and sends it again), never acknowledged.
 */
public final class ReadingProducer implements RecordLog, DeviceStatusSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadingProducer.class);
    /** Header naming the configuration generation the record was decoded under. */
    public static final String GENERATION_HEADER = "hg-config";

    private final KafkaProducer<byte[], byte[]> producer;
    private final ClusterTopics topics;
    private final Clock clock;
    private final byte[] generation;
    private final ReadingBatch batch = new ReadingBatch();
    private final Counter sent;
    private final Counter failed;
    private final Timer ackTime;

    public ReadingProducer(ClusterSettings settings, ClusterTopics topics, String nodeId, ConfigGeneration generation,
                           Clock clock, MeterRegistry meters) {
        var props = KafkaClients.producer(settings, nodeId + "-readings");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(settings.deliveryTimeout().toMillis()));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.max(1000, settings.deliveryTimeout().toMillis() / 2)));
        // the event loop must never wait: a full buffer or unknown metadata fails the record at once
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(props);
        this.topics = topics;
        this.clock = clock;
        this.generation = generation.id().getBytes(StandardCharsets.US_ASCII);
        this.sent = Counter.builder("hazardgate.cluster.readings.sent").description("Reading batches Kafka acknowledged")
                .register(meters);
        this.failed = Counter.builder("hazardgate.cluster.readings.failed")
                .description("Reading batches Kafka did not take in time: refused to the device, which sends them again")
                .register(meters);
        this.ackTime = Timer.builder("hazardgate.cluster.readings.ack").description("Time from send to Kafka's acks=all")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** Fetches the topic's metadata once, blocking, so that sends never wait for it later. */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                producer.partitionsFor(topics.readings());
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("Kafka has no metadata for "
                        + topics.readings() + ": " + e.getMessage(), e);
                Thread.sleep(200);
            }
        }
    }

    @Override
    public void append(Bytes record, Runnable onDurable) {
        append(record, onDurable, e -> log.warn("reading batch not taken by Kafka: {}", e.toString()));
    }

    @Override
    public void append(Bytes record, Runnable onDurable, Consumer<Exception> onFailed) {
        String site;
        byte[] value;
        try {
            synchronized (batch) {
                site = batch.wrap(record).site();
            }
            value = new byte[record.readableBytes()];
            record.getBytes(record.readerIndex(), value);
        } finally {
            record.release();
        }
        send(site, value, onDurable, onFailed);
    }

    private void send(String site, byte[] value, Runnable onDurable, Consumer<Exception> onFailed) {
        int partition = SensorIndex.partitionOf(site, topics.partitions());
        RecordHeaders headers = new RecordHeaders();
        headers.add(GENERATION_HEADER, generation);
        long start = System.nanoTime();
        try {
            producer.send(new ProducerRecord<>(topics.readings(), partition, site.getBytes(StandardCharsets.UTF_8), value, headers),
                    (meta, e) -> {
                        if (e == null) {
                            sent.increment();
                            ackTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                            onDurable.run();
                        } else {
                            failed.increment();
                            onFailed.accept(e);
                        }
                    });
        } catch (RuntimeException e) {
            failed.increment();
            onFailed.accept(e);
        }
    }

    /** Sends a command to the alarm tier, in order with the site's readings; completes when Kafka has it. */
    public CompletableFuture<Void> command(String site, Command c) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(site, Command.encode(c), () -> done.complete(null), done::completeExceptionally);
        return done;
    }

    @Override
    public void deviceOffline(String site, String device) {
        command(site, new Command.DeviceOffline(clock.millis(), site, device)).exceptionally(e -> {
            log.warn("could not tell the alarm tier that logger {}/{} went offline: {}", site, device, e.toString());
            return null;
        });
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
