package io.hazardgate.cluster;

import io.hazardgate.alarm.delivery.AlarmBus;
import io.hazardgate.config.ClusterSettings;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import io.hazardgate.record.ReadingTap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Egress on an ingest node: what the alarm tier committed, delivered to this node's control-room
 * consumers. Reads every partition of the alarms topic ({@code read_committed}, no consumer group: each
 * node delivers everything) into an {@link AlarmBus} without a journal (Kafka is the journal), which
 * publishes the MQTT alarm topics, keeps the retained state and colours and feeds the control room; and
 * every partition of the readings topic, from its end, into the control room's live view.
 *
 * <p>On start it reads the compacted alarms topic from the beginning: the newest event of each alarm
 * rebuilds the active alarms and colours, which are published retained before anything is delivered
 * live. Events are delivered once per {@code (id, seq)}: a duplicate (none should reach a
 * {@code read_committed} reader; a redelivery after a fault would) is dropped and counted.
 */
public final class ControlRoomFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlRoomFeed.class);
    /** Alarm occurrences whose latest sequence number is remembered for deduplication. */
    static final int DEDUPE_ENTRIES = 200_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ClusterTopics topics;
    private final AlarmBus bus;
    private final ReadingTap tap;
    private final Clock clock;
    private final Thread thread;
    private final Map<String, Long> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) { return size() > DEDUPE_ENTRIES; }
    };
    private final Counter delivered;
    private final Counter duplicates;
    private final Timer latency;
    private volatile boolean running = true;

    public ControlRoomFeed(ClusterSettings settings, ClusterTopics topics, String nodeId, AlarmBus bus, ReadingTap tap,
                           Clock clock, MeterRegistry meters) {
        this.consumer = new KafkaConsumer<>(KafkaClients.consumer(settings, nodeId + "-egress"));
        this.topics = topics;
        this.bus = bus;
        this.tap = tap;
        this.clock = clock;
        this.thread = new Thread(this::run, "control-room-feed");
        this.thread.setDaemon(true);
        this.delivered = ClusterMetrics.egressEvents(meters);
        this.duplicates = ClusterMetrics.egressDuplicates(meters);
        this.latency = ClusterMetrics.alarmLatency(meters);
    }

    /** Reads the alarms topic to its end, restores the bus from it and starts it, then delivers live. */
    public void start() {
        List<TopicPartition> alarms = partitions(topics.alarms());
        consumer.assign(alarms);
        consumer.seekToBeginning(alarms);
        Map<TopicPartition, Long> end = consumer.endOffsets(alarms, Duration.ofSeconds(60));
        Map<String, AlarmEvent> latest = new HashMap<>();
        int read = 0;
        while (behind(end)) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) continue;
                AlarmEvent e = AlarmEventJson.decode(r.value());
                read++;
                AlarmEvent before = latest.get(e.sensorKey() + "/" + e.rule());
                if (before == null || !before.id().equals(e.id()) || before.seq() < e.seq()) latest.put(e.sensorKey() + "/" + e.rule(), e);
                seen.merge(e.id(), e.seq(), Math::max);
            }
        }
        List<AlarmEvent> active = new ArrayList<>();
        for (AlarmEvent e : latest.values()) if (e.isActive()) active.add(e);
        bus.restore(active, Map.of());
        bus.start();
        log.info("control-room feed read {} alarm events: {} alarms active", read, active.size());
        List<TopicPartition> all = new ArrayList<>(alarms);
        List<TopicPartition> readings = partitions(topics.readings());
        all.addAll(readings);
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : alarms) positions.put(tp, consumer.position(tp));
        consumer.assign(all);
        for (Map.Entry<TopicPartition, Long> p : positions.entrySet()) consumer.seek(p.getKey(), p.getValue());
        consumer.seekToEnd(readings);
        thread.start();
    }

    private boolean behind(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(60)) < e.getValue()) return true;
        }
        return false;
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p = 0; p < topics.partitions(); p++) out.add(new TopicPartition(topic, p));
        return out;
    }

    private void run() {
        while (running) {
            try {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null || r.value().length == 0) continue;
                    if (r.topic().equals(topics.alarms())) {
                        deliver(AlarmEventJson.decode(r.value()));
                    } else if (r.value()[0] == ReadingBatch.KIND) {
                        tap.onRecord(BufferBytes.wrap(r.value()));
                    }
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                log.error("control-room feed: a record failed", e);
            }
        }
    }

    private void deliver(AlarmEvent e) {
        Long before = seen.get(e.id());
        if (before != null && before >= e.seq()) {
            duplicates.increment();
            return;
        }
        seen.put(e.id(), e.seq());
        delivered.increment();
        if (e.state() == io.hazardgate.record.AlarmState.RAISED || e.state() == io.hazardgate.record.AlarmState.ESCALATED) {
            latency.record(Math.max(0, clock.millis() - e.eventTs()), TimeUnit.MILLISECONDS);
        }
        bus.onEvent(e);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
