package io.hazardgate.cluster;

import io.hazardgate.alarm.PartitionEngine;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.plant.SensorIndex;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmEventJson;
import io.hazardgate.record.BufferBytes;
import io.hazardgate.record.ReadingBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The cluster tests' plant and load: {@value #SITES} sites of {@value #POINTS} tank levels each, one data
 * logger per site, and rounds of readings in which every point goes high (HH) and back in turn, so
 * each round makes alarm transitions somewhere. Each reading carries its own timestamp, one second
 * apart per point. Also the judge: the committed alarm events read back from Kafka, and what the
 * single-process engine makes of the very records the readings topic holds.
 */
final class Workload {
    static final int SITES = 8;
    static final int POINTS = 3;
    /** A point is high for this many rounds of every {@code 2 ×} as many. */
    static final int HALF_CYCLE = 4;

    private final long baseTs;
    int acknowledged;

    Workload(long baseTs) { this.baseTs = baseTs; }

    static String site(int s) { return "s" + s; }

    /** Writes the sites and a cluster config beside the fixture's and returns the config. */
    static Path writeSites(ClusterFixture cluster) throws Exception {
        List<String> files = new ArrayList<>();
        for (int s = 0; s < SITES; s++) {
            StringBuilder y = new StringBuilder("site: " + site(s) + "\nname: Cluster test site " + s + "\n")
                    .append("defaults:\n  noData: {multiple: 3, min: 1h}\n")
                    .append("hazardSources:\n  - {id: TF, name: Tank farm, kind: major_hazard, grade: 3}\n")
                    .append("devices:\n  - {id: dtu}\n")
                    .append("sensors:\n");
            for (int p = 0; p < POINTS; p++) {
                y.append("  - {tag: LT-").append(p).append(", source: TF, device: dtu, type: tank_level, period: 1h, ")
                        .append("range: [0, 20], limits: {H: 16, HH: 18}}\n");
            }
            Path f = cluster.dir.resolve("site-" + s + ".yaml");
            Files.writeString(f, y);
            files.add(f.toString());
        }
        String config = Files.readString(cluster.config);
        int at = config.indexOf("sites:");
        StringBuilder out = new StringBuilder(config.substring(0, at)).append("sites:\n");
        for (String f : files) out.append("  - ").append(f).append('\n');
        Files.writeString(cluster.config, out);
        return cluster.config;
    }

    /** The value of point {@code p} of site {@code s} in round {@code r}. */
    static double value(int s, int p, int r) {
        int phase = (r + s + p) / HALF_CYCLE;
        return phase % 2 == 1 ? 19 : 10;
    }

    /** A logger per site connected to {@code port}. */
    static List<MqttClient> loggers(int port) throws MqttException {
        List<MqttClient> out = new ArrayList<>();
        for (int s = 0; s < SITES; s++) out.add(connect(port, "dtu-" + site(s)));
        return out;
    }

    static MqttClient connect(int port, String id) throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(30);
        o.setMaxInflight(100);
        c.connect(o);
        c.setTimeToWait(30_000);
        return c;
    }

    /**
     * Publishes round {@code r} from every logger, QoS 1, each waiting for its PUBACK; counts the
     * readings acknowledged. A publish that fails is sent again (as a data logger would), up to 3 times.
     */
    void round(List<MqttClient> loggers, int r) throws InterruptedException {
        for (int s = 0; s < SITES; s++) {
            StringBuilder m = new StringBuilder("{\"readings\":[");
            for (int p = 0; p < POINTS; p++) {
                if (p > 0) m.append(',');
                m.append("{\"tag\":\"LT-").append(p).append("\",\"value\":").append(value(s, p, r)).append(",\"ts\":")
                        .append(baseTs + r * 1000L).append('}');
            }
            m.append("]}");
            for (int attempt = 0; ; attempt++) {
                try {
                    loggers.get(s).publish("plant/" + site(s) + "/dtu/telemetry", m.toString().getBytes(), 1, false);
                    acknowledged += POINTS;
                    break;
                } catch (MqttException e) {
                    if (attempt == 3) throw new AssertionError("round " + r + " of site " + s + " was never acknowledged", e);
                    Thread.sleep(500);
                }
            }
        }
    }

    static KafkaConsumer<byte[], byte[]> reader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** Every committed record of {@code topic}, per partition in order. */
    static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> readAll(String bootstrap, String topic, int partitions) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> out = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = reader(bootstrap)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(topic, p));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end");
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r);
                }
            }
        }
        return out;
    }

    /** The committed alarm events as {@code id#seq state level}, in partition order. */
    static List<String> committedTransitions(String bootstrap, String prefix, int partitions) {
        List<String> out = new ArrayList<>();
        for (List<ConsumerRecord<byte[], byte[]>> part : readAll(bootstrap, prefix + ".alarms", partitions).values()) {
            for (ConsumerRecord<byte[], byte[]> r : part) out.add(describe(AlarmEventJson.decode(r.value())));
        }
        return out;
    }

    /** What one engine per partition, in this process, makes of every committed reading record. */
    static List<String> singleProcessTransitions(Path config, String bootstrap, String prefix, int partitions) {
        GatewayConfig c = ConfigLoader.load(config);
        ConfigGeneration generation = ConfigGeneration.of(c);
        SensorIndex index = SensorIndex.bySite(c.sites(), partitions, generation.number());
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> part
                : readAll(bootstrap, prefix + ".readings", partitions).entrySet()) {
            PartitionEngine engine = new PartitionEngine(index, part.getKey(), 0);
            engine.restored(0);
            for (ConsumerRecord<byte[], byte[]> r : part.getValue()) {
                if (r.value()[0] != ReadingBatch.KIND) continue;
                for (AlarmEvent e : engine.evaluate(BufferBytes.wrap(r.value()))) out.add(describe(e));
            }
        }
        return out;
    }

    static String describe(AlarmEvent e) {
        return e.id() + "#" + e.seq() + " " + e.state().wireName() + " " + e.limitName() + " @" + e.eventTs();
    }

    /** How often each transition occurs: more than once is a duplicate. */
    static Map<String, Integer> counts(List<String> transitions) {
        Map<String, Integer> m = new HashMap<>();
        for (String t : transitions) m.merge(t, 1, Integer::sum);
        return m;
    }
}
