package io.hazardgate.southbound.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hazardgate.config.device.SparkplugDevice;
import io.hazardgate.config.site.Device;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.ingest.ReadingBuilder;
import io.hazardgate.ingest.ReadingIntake;
import io.hazardgate.record.Quality;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a Sparkplug B host application for the edge nodes its site files name (Sparkplug
 * 3.0): state per edge node (born or not, its bdSeq, the last seq, the metric aliases of its births),
 * readings from births and data messages through the same ingest as every other reading, deaths as
 * the logger going offline. Messages of nodes no site names are not taken (the broker routes them as
 * any other). Thread-safe: each node's state is guarded by itself.
 */
public final class SparkplugHost {
    private static final Logger log = LoggerFactory.getLogger(SparkplugHost.class);
    /** Rebirth requests to one node at most this often: a node that keeps failing must not be flooded. */
    static final long REBIRTH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final String BD_SEQ = "bdSeq";
    static final String REBIRTH = "Node Control/Rebirth";
    /** Aliases remembered per node: births beyond it are refused, so a node cannot grow the gateway's memory. */
    static final int MAX_ALIASES = 100_000;
    private static final int BOOLEAN = 11;
    private static final int UINT64 = 8;

    /** Sends a command (a rebirth request) to a node. */
    @FunctionalInterface
    public interface Commands {
        void publish(String topic, byte[] payload);
    }

    /** What the answer to a publish is: accepted once durable, or refused. */
    public interface Answer {
        void durable();

        void refused(String reason);

        Answer NONE = new Answer() {
            @Override public void durable() {}

            @Override public void refused(String reason) {}
        };
    }

    /** A logger of a site that is this Sparkplug node or device. */
    private record Binding(String site, String device, Map<String, String> metrics, Set<String> tags) {}

    /** What the host knows of one edge node. */
    private static final class Node {
        boolean born;
        long bdSeq = -1;
        int lastSeq = -1;
        final Map<Long, String> aliases = new HashMap<>();
        final Map<Long, Integer> types = new HashMap<>();
        final Set<String> bornDevices = new HashSet<>();
        long lastRebirth = System.nanoTime() - REBIRTH_INTERVAL_NANOS;
    }

    private final ReadingIntake intake;
    private final Commands commands;
    private final SparkplugMetrics metrics;
    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
    private volatile Map<String, Binding> bindings = Map.of();
    private volatile Map<String, List<Binding>> bindingsByNode = Map.of();

    public SparkplugHost(ReadingIntake intake, Commands commands, MeterRegistry meters) {
        this.intake = intake;
        this.commands = commands;
        this.metrics = new SparkplugMetrics(meters);
    }

    /** The edge nodes and devices of {@code sites}: called on start and on every applied reload. */
    public void mappings(List<Site> sites) {
        Map<String, Binding> b = new HashMap<>();
        Map<String, List<Binding>> byNode = new HashMap<>();
        for (Site s : sites) {
            for (Device d : s.devices()) {
                SparkplugDevice sp = d.sparkplug();
                if (sp == null) continue;
                Set<String> tags = new HashSet<>();
                for (Sensor sensor : s.sensors()) if (sensor.device().equals(d.id())) tags.add(sensor.tag());
                Binding binding = new Binding(s.id(), d.id(), sp.metrics(), Set.copyOf(tags));
                b.put(sp.group() + "/" + sp.node() + "/" + sp.device(), binding);
                byNode.computeIfAbsent(sp.group() + "/" + sp.node(), k -> new ArrayList<>()).add(binding);
            }
        }
        bindings = Map.copyOf(b);
        bindingsByNode = Map.copyOf(byNode);
    }

    /** Whether {@code topic} is a message of a node some site names: the host takes it. */
    public boolean takes(String topic) {
        if (!topic.startsWith(SparkplugTopic.NAMESPACE)) return false;
        SparkplugTopic t = SparkplugTopic.parse(topic);
        return t != null && isNodeMessage(t.type()) && bindingsByNode.containsKey(t.nodeKey());
    }

    private static boolean isNodeMessage(String type) {
        return switch (type) {
            case "NBIRTH", "NDATA", "NDEATH", "DBIRTH", "DDATA", "DDEATH" -> true;
            default -> false;
        };
    }

    /** Takes one message of a node {@link #takes(String)} accepts; {@code answer} is told its fate. */
    public void onMessage(String topic, byte[] payload, Answer answer) {
        SparkplugTopic t = SparkplugTopic.parse(topic);
        Payload p;
        try {
            p = Payload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            metrics.malformed.increment();
            log.debug("Sparkplug message on {} is not a Sparkplug B payload: {}", topic, e.getMessage());
            answer.refused("not a Sparkplug B payload: " + e.getMessage());
            return;
        }
        Node node = nodes.computeIfAbsent(t.nodeKey(), k -> new Node());
        synchronized (node) {
            switch (t.type()) {
                case "NBIRTH" -> nodeBirth(t, p, node, answer);
                case "DBIRTH" -> deviceBirth(t, p, node, answer);
                case "NDATA", "DDATA" -> data(t, p, node, answer);
                case "NDEATH" -> nodeDeath(t, p, node, answer);
                default -> deviceDeath(t, p, node, answer);
            }
        }
    }

    private void nodeBirth(SparkplugTopic t, Payload p, Node node, Answer answer) {
        metrics.births.increment();
        node.born = true;
        node.bdSeq = bdSeq(p);
        node.lastSeq = p.hasSeq() ? (int) p.getSeq() : 0;
        node.aliases.clear();
        node.types.clear();
        node.bornDevices.clear();
        if (!learnAliases(p, node)) {
            tooManyAliases(t, node, answer);
            return;
        }
        Binding b = bindings.get(t.nodeKey() + "/");
        if (b != null) intake.deviceOnline(b.site(), b.device());
        submit(b, p, node, answer);
    }

    private void deviceBirth(SparkplugTopic t, Payload p, Node node, Answer answer) {
        if (!node.born) {
            beforeBirth(t, node, answer, "DBIRTH before the node's NBIRTH");
            return;
        }
        metrics.births.increment();
        checkSeq(t, p, node);
        if (!learnAliases(p, node)) {
            tooManyAliases(t, node, answer);
            return;
        }
        node.bornDevices.add(t.device());
        Binding b = bindings.get(t.nodeKey() + "/" + t.device());
        if (b != null) intake.deviceOnline(b.site(), b.device());
        submit(b, p, node, answer);
    }

    private void data(SparkplugTopic t, Payload p, Node node, Answer answer) {
        if (!node.born || (!t.device().isEmpty() && !node.bornDevices.contains(t.device()))) {
            beforeBirth(t, node, answer, t.type() + " before its birth: the gateway does not know its aliases");
            return;
        }
        metrics.data.increment();
        checkSeq(t, p, node);
        submit(bindings.get(t.nodeKey() + "/" + t.device()), p, node, answer);
    }

    private void nodeDeath(SparkplugTopic t, Payload p, Node node, Answer answer) {
        long bd = bdSeq(p);
        if (!node.born || bd != node.bdSeq) {
            // the will of an earlier session, delivered after the node was born again (Sparkplug 3.0 §7.1)
            metrics.staleDeaths.increment();
            log.debug("Sparkplug {}: NDEATH with bdSeq {} does not end the birth with bdSeq {}: ignored", t.nodeKey(), bd, node.bdSeq);
            answer.durable();
            return;
        }
        metrics.deaths.increment();
        node.born = false;
        node.bornDevices.clear();
        for (Binding b : bindingsByNode.getOrDefault(t.nodeKey(), List.of())) intake.deviceOffline(b.site(), b.device());
        log.info("Sparkplug edge node {} is offline (NDEATH)", t.nodeKey());
        answer.durable();
    }

    private void deviceDeath(SparkplugTopic t, Payload p, Node node, Answer answer) {
        metrics.deaths.increment();
        if (node.born) checkSeq(t, p, node);
        node.bornDevices.remove(t.device());
        Binding b = bindings.get(t.nodeKey() + "/" + t.device());
        if (b != null) intake.deviceOffline(b.site(), b.device());
        answer.durable();
    }

    private void beforeBirth(SparkplugTopic t, Node node, Answer answer, String why) {
        metrics.beforeBirth.increment();
        log.debug("Sparkplug {}: {}", t.nodeKey(), why);
        requestRebirth(t, node);
        answer.refused(why);
    }

    /** seq runs 0..255 over every message of a node after its NBIRTH (Sparkplug 3.0 §7.2). */
    private void checkSeq(SparkplugTopic t, Payload p, Node node) {
        int seq = p.hasSeq() ? (int) p.getSeq() : -1;
        int expected = (node.lastSeq + 1) & 0xff;
        if (seq != expected) {
            metrics.seqGaps.increment();
            log.debug("Sparkplug {}: seq {} where {} was expected: asking for a rebirth", t.nodeKey(), seq, expected);
            requestRebirth(t, node);
        }
        if (seq >= 0) node.lastSeq = seq;
    }

    private void requestRebirth(SparkplugTopic t, Node node) {
        long now = System.nanoTime();
        if (now - node.lastRebirth < REBIRTH_INTERVAL_NANOS) return;
        node.lastRebirth = now;
        metrics.rebirths.increment();
        Payload cmd = Payload.newBuilder().setTimestamp(System.currentTimeMillis())
                .addMetrics(Payload.Metric.newBuilder().setName(REBIRTH).setDatatype(BOOLEAN).setBooleanValue(true)
                        .setTimestamp(System.currentTimeMillis()))
                .build();
        commands.publish(t.rebirthTopic(), cmd.toByteArray());
    }

    /** Remembers a birth's aliases; false when the node would then have more than {@link #MAX_ALIASES}. */
    private static boolean learnAliases(Payload p, Node node) {
        for (Payload.Metric m : p.getMetricsList()) {
            if (m.hasAlias() && m.hasName()) {
                if (node.aliases.size() >= MAX_ALIASES && !node.aliases.containsKey(m.getAlias())) return false;
                node.aliases.put(m.getAlias(), m.getName());
                if (m.hasDatatype()) node.types.put(m.getAlias(), m.getDatatype());
            }
        }
        return true;
    }

    private void tooManyAliases(SparkplugTopic t, Node node, Answer answer) {
        metrics.refused.increment();
        node.born = false;
        node.aliases.clear();
        node.types.clear();
        node.bornDevices.clear();
        log.warn("Sparkplug edge node {} declares more than {} metric aliases: its births are refused", t.nodeKey(), MAX_ALIASES);
        answer.refused("more than " + MAX_ALIASES + " metric aliases");
    }

    private static long bdSeq(Payload p) {
        for (Payload.Metric m : p.getMetricsList()) {
            if (m.hasName() && m.getName().equals(BD_SEQ)) return m.hasLongValue() ? m.getLongValue() : m.getIntValue();
        }
        return -1;
    }

    /** The mapped metrics of a message as one record. */
    private void submit(Binding b, Payload p, Node node, Answer answer) {
        if (b == null) {
            answer.durable(); // a device behind a named node that no site maps: nothing to take
            return;
        }
        long messageTs = p.hasTimestamp() ? p.getTimestamp() : ReadingBuilder.NO_TIMESTAMP;
        boolean taken = intake.submit(b.site(), b.device(), out -> {
            for (Payload.Metric m : p.getMetricsList()) {
                String name = m.hasName() ? m.getName() : node.aliases.get(m.getAlias());
                if (name == null) {
                    out.fail("metric alias " + m.getAlias() + " was not declared in a birth");
                    return;
                }
                String tag = b.metrics().get(name);
                if (tag == null && b.tags().contains(name)) tag = name;
                if (tag == null) continue; // bdSeq, node controls, properties: not readings
                double v = value(m, node);
                if (v == NOT_NUMERIC) continue;
                long ts = m.hasTimestamp() ? m.getTimestamp() : messageTs;
                if (!out.add(tag, ts, v, Quality.GOOD)) return;
            }
        }, new ReadingIntake.Outcome() {
            @Override public void durable() { answer.durable(); }

            @Override public void refused(String reason) { answer.refused(reason); }
        });
        if (!taken) metrics.refused.increment();
    }

    private static final double NOT_NUMERIC = -Double.MAX_VALUE;

    /** A metric's value as a number; NaN for a null value (a fault), {@link #NOT_NUMERIC} for text and others. */
    private static double value(Payload.Metric m, Node node) {
        if (m.hasIsNull() && m.getIsNull()) return Double.NaN;
        if (m.hasDoubleValue()) return m.getDoubleValue();
        if (m.hasFloatValue()) return m.getFloatValue();
        if (m.hasIntValue()) return m.getIntValue();
        if (m.hasLongValue()) {
            int type = m.hasDatatype() ? m.getDatatype() : node.types.getOrDefault(m.getAlias(), 0);
            return type == UINT64 ? Double.parseDouble(Long.toUnsignedString(m.getLongValue())) : m.getLongValue();
        }
        if (m.hasBooleanValue()) return m.getBooleanValue() ? 1 : 0;
        return NOT_NUMERIC;
    }
}
