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

    /** The message a site's logger publishes in round {@code r}. */
    String message(int s, int r) {
        StringBuilder m = new StringBuilder("{\"readings\":[");
        for (int p = 0; p < POINTS; p++) {
            if (p > 0) m.append(',');
            m.append("{\"tag\":\"LT-").append(p).append("\",\"value\":").append(value(s, p, r)).append(",\"ts\":")
                    .append(baseTs + r * 1000L).append('}');
        }
        return m.append("]}").toString();
    }

    static String site(int s) { return "s" + s; }

    /**
     * For each site, the rounds of the distinct messages in the readings topic, in topic order (a message
     * that is there twice keeps its first place).
     */
    static Map<String, List<Integer>> roundsInKafka(ClusterFixture cluster, Workload load) {
        Map<String, java.util.LinkedHashSet<Integer>> bySite = new TreeMap<>();
        ReadingBatch b = new ReadingBatch();
        for (List<ConsumerRecord<byte[], byte[]>> part
                : readAll(cluster.kafka.bootstrap(), cluster.prefix + ".readings", cluster.partitions).values()) {
            for (ConsumerRecord<byte[], byte[]> r : part) {
                if (r.value()[0] != ReadingBatch.KIND) continue;
                b.wrap(BufferBytes.wrap(r.value()));
                if (!b.next()) continue;
                bySite.computeIfAbsent(b.site(), k -> new java.util.LinkedHashSet<>()).add((int) ((b.ts() - load.baseTs) / 1000));
            }
        }
        Map<String, List<Integer>> out = new TreeMap<>();
        bySite.forEach((s, r) -> out.put(s, new ArrayList<>(r)));
        return out;
    }

    /** How many reading records the readings topic holds more than once (resends Kafka got twice). */
    static int duplicateRecords(String bootstrap, String prefix, int partitions) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int dup = 0;
        for (List<ConsumerRecord<byte[], byte[]>> part : readAll(bootstrap, prefix + ".readings", partitions).values()) {
            for (ConsumerRecord<byte[], byte[]> r : part) {
                if (r.value()[0] == ReadingBatch.KIND && !seen.add(java.util.HexFormat.of().formatHex(r.value(), 13, r.value().length))) dup++;
            }
        }
        return dup;
    }

    /** Writes the sites and a cluster config beside the fixture's and returns the config. */
    static Path writeSites(ClusterFixture cluster) throws Exception {
        List<String> files = new ArrayList<>();
        for (int s = 0; s < SITES; s++) {
            StringBuilder y = new StringBuilder("site: " + site(s) + "\nname: Cluster test site " + s + "\n")
                    // no flapping hold: every round keeps making transitions, however long a test runs
                    .append("defaults:\n  noData: {multiple: 3, min: 1h}\n  flapping: off\n")
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
            String m = message(s, r);
            for (int attempt = 0; ; attempt++) {
                try {
                    loggers.get(s).publish("plant/" + site(s) + "/dtu/telemetry", m.getBytes(), 1, false);
                    acknowledged += POINTS;
                    break;
                } catch (MqttException e) {
                    if (attempt == 3) throw new AssertionError("round " + r + " of site " + s + " was never acknowledged", e);
                    Thread.sleep(500);
                }
            }
        }
    }

    /** Publishes round {@code r} from every logger of {@code loggers}, which fail over as data loggers do. */
    void round(Fleet loggers, int r) throws InterruptedException {
        for (int s = 0; s < SITES; s++) {
            loggers.get(s).publish("plant/" + site(s) + "/dtu/telemetry", message(s, r));
            acknowledged += POINTS;
        }
    }

    /**
     * Plays rounds from {@code fleet} on a thread of its own, one every {@code pauseMs}, from round
     * {@code first} until {@link Driver#stop()}: the load under which a test changes the cluster.
     */
    Driver drive(Fleet fleet, int first, long pauseMs) {
        return new Driver(this, fleet, first, pauseMs);
    }

    static final class Driver {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile int round;
        private volatile Throwable failure;

        Driver(Workload load, Fleet fleet, int first, long pauseMs) {
            this.round = first;
            this.thread = new Thread(() -> {
                try {
                    while (running) {
                        load.round(fleet, round);
                        round++;
                        Thread.sleep(pauseMs);
                    }
                } catch (Throwable t) {
                    failure = t;
                }
            }, "workload");
            thread.setDaemon(true);
            thread.start();
        }

        /** Rounds played so far. */
        int round() { return round; }

        /** Waits until {@code rounds} more rounds have been played. */
        void awaitRounds(int rounds) throws InterruptedException {
            int target = round + rounds;
            while (round < target) {
                if (failure != null) throw new AssertionError("the load failed", failure);
                Thread.sleep(50);
            }
        }

        /** Finishes the round under way and returns the next round's number. */
        int stop() throws InterruptedException {
            running = false;
            thread.join(120_000);
            if (failure != null) throw new AssertionError("the load failed", failure);
            return round;
        }
    }

    /**
     * One data logger per site, each connected to one of the ingest endpoints it is given (spread in
     * turn) and, when its connection breaks or a PUBACK does not come, connecting to the next one and
     * sending the message again, as a DTU with a list of servers does: what was not acknowledged is sent
     * again, so a record may arrive twice.
     */
    static final class Fleet implements AutoCloseable {
        private final List<Logger> loggers = new ArrayList<>();

        Fleet(List<Integer> ports) throws MqttException {
            for (int s = 0; s < SITES; s++) loggers.add(new Logger("dtu-" + site(s), ports, s % ports.size()));
        }

        Logger get(int s) { return loggers.get(s); }

        /** The port each logger is connected to now. */
        List<Integer> ports() { return loggers.stream().map(l -> l.ports.get(l.at)).toList(); }

        int resends() { return loggers.stream().mapToInt(l -> l.resends).sum(); }

        @Override
        public void close() {
            for (Logger l : loggers) l.close();
        }
    }

    static final class Logger {
        private final String id;
        private final List<Integer> ports;
        private int at;
        private MqttClient client;
        int resends;

        Logger(String id, List<Integer> ports, int first) throws MqttException {
            this.id = id;
            this.ports = ports;
            this.at = first;
            this.client = connect(ports.get(at), id);
            client.setTimeToWait(15_000);
        }

        void publish(String topic, String message) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                try {
                    if (client == null) {
                        client = connect(ports.get(at), id);
                        client.setTimeToWait(15_000);
                    }
                    client.publish(topic, message.getBytes(), 1, false);
                    return;
                } catch (MqttException e) {
                    if (System.nanoTime() > deadline) throw new AssertionError(id + ": " + topic + " was never acknowledged", e);
                    resends++;
                    close();
                    at = (at + 1) % ports.size();
                    Thread.sleep(300);
                }
            }
        }

        void close() {
            if (client == null) return;
            try {
                if (client.isConnected()) client.disconnectForcibly(1000, 1000);
                client.close(true);
            } catch (MqttException e) {
                // going anyway
            }
            client = null;
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
        return singleProcessTransitions(config, bootstrap, prefix, partitions, false);
    }

    /**
     * What one engine per partition, in this process, makes of the committed reading records; with
     * {@code once}, of each message once: a record whose site, logger and readings equal an earlier
     * one's (a logger's resend that Kafka got twice) is left out, so the engine sees the input as the
     * plant made it, and any alarm that a resend adds in the cluster shows as a difference.
     */
    static List<String> singleProcessTransitions(Path config, String bootstrap, String prefix, int partitions, boolean once) {
        GatewayConfig c = ConfigLoader.load(config);
        ConfigGeneration generation = ConfigGeneration.of(c);
        SensorIndex index = SensorIndex.bySite(c.sites(), partitions, generation.number());
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> part
                : readAll(bootstrap, prefix + ".readings", partitions).entrySet()) {
            PartitionEngine engine = new PartitionEngine(index, part.getKey(), 0);
            engine.restored(0);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : part.getValue()) {
                if (r.value()[0] != ReadingBatch.KIND) continue;
                // from the site on: the same message decoded again, whatever node or time received it
                if (once && !seen.add(java.util.HexFormat.of().formatHex(r.value(), 13, r.value().length))) continue;
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
