package io.hazardgate.cluster;

import io.hazardgate.alarm.PartitionEngine;
import io.hazardgate.config.ClusterSettings;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the alarm tier: a member of the alarm consumer group that evaluates the partitions Kafka
 * assigns it, one {@link PartitionEngine} each, consume-transform-produce in Kafka transactions.
 *
 * <p>Each round polls a batch of the readings topic, evaluates it, runs the timed work once a second,
 * then writes in one transaction the alarm events it made, the state of every sensor it touched (the
 * partition's changelog) and the offsets it consumed. Readers use {@code read_committed}, so a
 * transition exists exactly once or not at all: a node that dies mid-round leaves an aborted
 * transaction, and the partition's next owner restores the changelog as of the last commit and
 * evaluates the same records again, making the same events (their ids and times come from the
 * records). A node paused past its session (a zombie) is fenced twice over: its group membership is
 * gone, so the offsets it sends with its next transaction are refused and the transaction aborts; and
 * the broker aborts any transaction it left open once {@code transactionTimeout} runs out. Every round
 * sends the offsets of every owned partition, even unchanged, so that no transaction, not even one of
 * timed work alone, commits without the group confirming ownership.
 *
 * <p>A round the group refuses to commit because its membership moved on meanwhile (a node joined or
 * left) is aborted and the partitions still owned go back to their last commit (state restored, consumer
 * at the committed offset), the node staying in the group. On any other failure of a round (fenced,
 * brokers lost) the node drops its engines, closes its clients and joins again: its partitions are
 * restored from the changelog, by it or by another node. A node whose membership ended (its session ran
 * out, say while every broker was down) does the same: it joins again as a new member, with a new
 * consumer, rather than rejoining under its old member id, which a broker may keep refusing while it
 * still holds that member at a later epoch; the old member's partitions move once its session is over.
 */
public final class AlarmNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlarmNode.class);
    static final long TICK_MS = 1000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterSettings settings;
    private final ClusterTopics topics;
    private final String nodeId;
    private final SensorIndex index;
    private final ConfigGeneration generation;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final Map<Integer, PartitionEngine> engines = new ConcurrentHashMap<>();
    private final Thread thread;
    private final Counter events;
    private final Counter records;
    private final Counter mismatched;
    private final Counter aborted;
    private final Counter rewound;
    private final Timer restoreTime;
    private final DistributionSummary restoreBytes;
    private final Timer roundTime;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private String warnedGeneration;
    private final GenerationWatch generations;

    public AlarmNode(ClusterSettings settings, ClusterTopics topics, String nodeId, List<io.hazardgate.config.site.Site> sites,
                     ConfigGeneration generation, Duration maxClockSkew, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.maxClockSkew = maxClockSkew;
        this.topics = topics;
        this.nodeId = nodeId;
        this.index = SensorIndex.bySite(sites, topics.partitions(), generation.number());
        this.generation = generation;
        this.clock = clock;
        this.thread = new Thread(this::run, "alarm-node");
        this.events = ClusterMetrics.alarmEvents(meters);
        this.records = ClusterMetrics.alarmRecords(meters);
        this.mismatched = ClusterMetrics.configMismatch(meters);
        this.aborted = ClusterMetrics.alarmAborted(meters);
        this.rewound = ClusterMetrics.alarmRewound(meters);
        this.restoreTime = ClusterMetrics.alarmRestore(meters);
        this.restoreBytes = ClusterMetrics.alarmRestoreBytes(meters);
        this.roundTime = ClusterMetrics.alarmRound(meters);
        ClusterMetrics.alarmPartitions(meters, engines::size);
        this.generations = new GenerationWatch(generation.id(), clock);
        ClusterMetrics.configMismatchedNodes(meters, () -> generations.mismatched().size());
    }

    public void start() {
        thread.setDaemon(true);
        thread.start();
    }

    /** Which ingest nodes' records carry another configuration generation than this node's. */
    public GenerationWatch generations() { return generations; }

    /** The partitions this node evaluates now. */
    public List<Integer> partitions() { return List.copyOf(new java.util.TreeSet<>(engines.keySet())); }

    private void run() {
        while (running) {
            try {
                session();
            } catch (WakeupException e) {
                if (!running) break;
            } catch (RuntimeException e) {
                if (!running) break;
                aborted.increment();
                log.warn("alarm node {}: round failed ({}); dropping {} partitions and joining again", nodeId, e.toString(),
                        engines.size());
            } catch (InterruptedException e) {
                break;
            }
            engines.clear();
            if (running) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    private void session() throws InterruptedException {
        Properties pp = KafkaClients.producer(settings, nodeId + "-alarm");
        pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.readings() + ".alarm." + nodeId);
        pp.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(settings.transactionTimeout().toMillis()));
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        String group = settings.topicPrefix() + ".alarm";
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp);
        KafkaConsumer<byte[], byte[]> c = null;
        try (StateRestore restore = new StateRestore(settings, topics, nodeId)) {
            c = new KafkaConsumer<>(KafkaClients.groupMember(settings, nodeId + "-alarm", group));
            consumer = c;
            if (!running) return;
            producer.initTransactions();
            Rebalance rebalance = new Rebalance(restore);
            c.subscribe(List.of(topics.readings()), rebalance);
            long nextTick = clock.millis() + TICK_MS;
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(100));
                if (rebalance.membershipEnded) {
                    aborted.increment();
                    log.warn("alarm node {}: its group membership ended; joining again as a new member", nodeId);
                    return;
                }
                long now = clock.millis();
                boolean tick = now >= nextTick;
                if (batch.isEmpty() && !tick) continue;
                long start = System.nanoTime();
                List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
                for (TopicPartition tp : batch.partitions()) {
                    PartitionEngine engine = engines.get(tp.partition());
                    if (engine == null) continue; // not ours any more: the next owner has it from the committed offset
                    for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) apply(engine, r, out);
                }
                if (tick) {
                    for (PartitionEngine e : engines.values()) emit(e.partition(), e.tick(now), out);
                    nextTick = now + TICK_MS;
                }
                for (PartitionEngine e : engines.values()) {
                    for (Map.Entry<String, byte[]> s : e.changed().entrySet()) {
                        out.add(new ProducerRecord<>(topics.state(), e.partition(), s.getKey().getBytes(StandardCharsets.UTF_8),
                                s.getValue()));
                    }
                }
                if (out.isEmpty() && batch.isEmpty()) continue;
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (TopicPartition tp : c.assignment()) {
                    if (engines.containsKey(tp.partition())) offsets.put(tp, new OffsetAndMetadata(c.position(tp)));
                }
                // owning nothing (all handed over in this poll), a node commits nothing: the owners read on from the last commit
                if (offsets.isEmpty()) continue;
                try {
                    producer.beginTransaction();
                    for (ProducerRecord<byte[], byte[]> r : out) producer.send(r);
                    producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
                    producer.commitTransaction();
                } catch (CommitFailedException | RebalanceInProgressException e) {
                    // The group moved on while the round ran (a member joined or left and this member's epoch
                    // changed): nothing of the round is committed. The partitions still owned go back to their
                    // last commit and the next polls play the round again; the node stays in the group.
                    producer.abortTransaction();
                    rewound.increment();
                    log.info("alarm node {}: the group changed during a round ({}); partitions {} go back to their last commit",
                            nodeId, e.getMessage(), partitions());
                    rewind(c, restore);
                    continue;
                }
                for (ProducerRecord<byte[], byte[]> r : out) if (r.topic().equals(topics.alarms())) events.increment();
                roundTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        } finally {
            consumer = null;
            // bounded: with the brokers away, an unbounded close waits for every pending send to time out
            if (c != null) c.close(CLOSE_TIMEOUT);
            producer.close(CLOSE_TIMEOUT);
        }
    }

    /**
     * Puts every owned partition back to its last commit: its state from the changelog, the consumer at
     * the committed offset. The same as a new owner's start, without leaving the group.
     */
    private void rewind(KafkaConsumer<byte[], byte[]> c, StateRestore restore) {
        Set<TopicPartition> owned = new HashSet<>();
        for (int p : engines.keySet()) owned.add(new TopicPartition(topics.readings(), p));
        Map<TopicPartition, OffsetAndMetadata> committed = c.committed(owned, Duration.ofSeconds(60));
        for (TopicPartition tp : owned) {
            take(tp.partition(), restore);
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) c.seek(tp, o);
            else c.seekToBeginning(List.of(tp));
        }
    }

    /** A new engine for {@code partition}, restored from the changelog as of the last commit. */
    private void take(int partition, StateRestore restore) {
        long start = System.nanoTime();
        PartitionEngine engine = new PartitionEngine(index, partition, clock.millis(), maxClockSkew);
        StateRestore.Result r = restore.read(partition, engine::restore);
        engine.restored(clock.millis());
        engines.put(partition, engine);
        long took = System.nanoTime() - start;
        restoreTime.record(took, TimeUnit.NANOSECONDS);
        restoreBytes.record(r.bytes());
        log.info("alarm node {} took partition {}: restored {} sensor states ({} bytes, {} active alarms) in {} ms",
                nodeId, partition, r.records(), r.bytes(), engine.activeAlarms(), TimeUnit.NANOSECONDS.toMillis(took));
    }

    private void apply(PartitionEngine engine, ConsumerRecord<byte[], byte[]> r, List<ProducerRecord<byte[], byte[]>> out) {
        byte[] v = r.value();
        if (v == null || v.length == 0) return;
        records.increment();
        checkGeneration(r);
        try {
            if (v[0] == ReadingBatch.KIND) {
                emit(engine.partition(), engine.evaluate(BufferBytes.wrap(v)), out);
            } else {
                Command c = Command.decode(v);
                if (c instanceof Command.Ack a) {
                    engine.acknowledge(a.alarmId(), a.who(), a.comment(), a.ts());
                    emit(engine.partition(), engine.drain(), out);
                } else if (c instanceof Command.DeviceOffline d) {
                    emit(engine.partition(), engine.deviceOffline(d.site(), d.device(), d.ts()), out);
                }
            }
        } catch (RuntimeException e) {
            // one damaged record must not stop the partition: it is skipped, counted and logged
            log.error("alarm node {}: record {}-{}@{} could not be evaluated and is skipped", nodeId, r.topic(), r.partition(),
                    r.offset(), e);
        }
    }

    private void checkGeneration(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(ReadingProducer.GENERATION_HEADER);
        if (h == null) return;
        String g = new String(h.value(), StandardCharsets.US_ASCII);
        Header n = r.headers().lastHeader(ReadingProducer.NODE_HEADER);
        if (n != null) generations.seen(new String(n.value(), StandardCharsets.UTF_8), g);
        if (g.equals(generation.id())) return;
        mismatched.increment();
        if (!g.equals(warnedGeneration)) {
            warnedGeneration = g;
            log.warn("alarm node {} runs configuration generation {} but receives records of generation {}: the site "
                    + "files differ between nodes; readings are matched by tag until every node runs the same files",
                    nodeId, generation.id(), g);
        }
    }

    private void emit(int partition, List<AlarmEvent> made, List<ProducerRecord<byte[], byte[]>> out) {
        for (AlarmEvent e : made) {
            byte[] key = (e.site() + "/" + e.tag() + "/" + e.rule()).getBytes(StandardCharsets.UTF_8);
            out.add(new ProducerRecord<>(topics.alarms(), partition, key, AlarmEventJson.encode(e)));
        }
    }

    /** Restores a partition when Kafka assigns it; forgets it when Kafka takes it away. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final StateRestore restore;
        /** Set once Kafka ended this member: the session ends and the node joins again as a new member. */
        boolean membershipEnded;

        Rebalance(StateRestore restore) { this.restore = restore; }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition tp : assigned) take(tp.partition(), restore);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            for (TopicPartition tp : revoked) engines.remove(tp.partition());
            if (!revoked.isEmpty()) log.info("alarm node {} handed over partitions {}", nodeId, partitionsOf(revoked));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            for (TopicPartition tp : lost) engines.remove(tp.partition());
            membershipEnded = true;
            if (!lost.isEmpty()) log.warn("alarm node {} lost partitions {} (its membership ended)", nodeId, partitionsOf(lost));
        }
    }

    private static List<Integer> partitionsOf(Collection<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::partition).sorted().toList();
    }

    /** Leaves the group (its partitions move at once) after the current round. */
    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
