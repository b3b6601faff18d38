package io.hazardgate.cluster;

import io.hazardgate.testing.Configs;
import io.hazardgate.testing.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A whole cluster on loopback for one test: Kafka ({@link SharedKafka}), topics under a prefix of the
 * test's own, and gateway nodes as child processes
 * ({@link GatewayProcess}) with their roles, on the demo plant until a test writes its own sites.
 * Everything it starts it stops by PID.
 */
final class ClusterFixture implements AutoCloseable {
    final Path dir;
    final LocalKafka kafka;
    final Path config;
    /** The topic prefix of this test: {@code PREFIX.readings}, {@code PREFIX.alarms}, ... */
    final String prefix;
    final int partitions;
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    /**
     * A test's nodes do little work and many start at once on two cores: the client compiler alone
     * (no C2 compile threads) and the serial collector keep them from taking the CPU from each other.
     */
    private static final List<String> NODE_JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ClusterFixture(Path dir, LocalKafka kafka, Path config, String prefix, int partitions) {
        this.dir = dir;
        this.kafka = kafka;
        this.config = config;
        this.prefix = prefix;
        this.partitions = partitions;
    }

    /** A cluster on the shared three-node Kafka, every topic with three copies. */
    static ClusterFixture start(Path dir, int partitions) throws Exception {
        return start(dir, SharedKafka.get(), partitions, "5s");
    }

    private static ClusterFixture start(Path dir, LocalKafka kafka, int partitions, String deliveryTimeout)
            throws IOException {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "mqtt: {host: 127.0.0.1, port: 0}",
                "http: {host: 127.0.0.1, port: 0}",
                "store:",
                "  kind: questdb-embedded",
                "  embedded: {host: 127.0.0.1, port: 0}",
                "  log: {fsync: os}",
                "cluster:",
                "  kafka: " + kafka.bootstrap(),
                "  partitions: " + partitions,
                "  replication: " + Math.min(3, kafka.nodes().size()),
                "  topicPrefix: " + prefix,
                "  transactionTimeout: 5s",
                "  deliveryTimeout: " + deliveryTimeout,
                "sites:",
                "  - " + Configs.configDir().resolve("demo-plant.yaml"),
                ""));
        return new ClusterFixture(dir, kafka, config, prefix, partitions);
    }

    /** The broker jars the build gathered under kafka-broker/target/lib. */
    static String brokerClasspath() throws IOException {
        Path lib = Configs.configDir().getParent().resolve("kafka-broker").resolve("target").resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException(lib + " is missing: build it first with 'mvn -pl kafka-broker generate-resources' "
                    + "(mvn verify from the root does)");
        }
        return lib + "/*";
    }

    /** Starts a gateway node with {@code roles} as a child process (its data in {@code node-ID}) and waits until it reports its ports. */
    GatewayProcess node(String id, String roles) throws Exception {
        GatewayProcess p = GatewayProcess.start(NODE_JVM, config, dir.resolve("node-" + id), "--role", roles, "--node-id", id);
        synchronized (nodes) {
            nodes.add(p);
            names.add(id);
        }
        return p;
    }

    /** Starts several nodes at once ({@code "id:roles"} each), in the order given in the answer. */
    List<GatewayProcess> nodes(String... idRoles) {
        List<CompletableFuture<GatewayProcess>> started = new ArrayList<>();
        for (String s : idRoles) {
            String[] p = s.split(":", 2);
            started.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return node(p[0], p[1]);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }));
        }
        return started.stream().map(CompletableFuture::join).toList();
    }

    /**
     * Stops every node and keeps what each printed in {@code target/cluster-nodes/PREFIX/ID-N.log}
     * (N counts the starts of a node id), for a failure to be read after the test's directory is gone.
     */
    @Override
    public void close() throws Exception {
        List<GatewayProcess> all;
        List<String> ids;
        synchronized (nodes) {
            all = new ArrayList<>(nodes);
            ids = new ArrayList<>(names);
        }
        Path logs = Path.of("target", "cluster-nodes", prefix);
        Files.createDirectories(logs);
        for (int i = 0; i < all.size(); i++) {
            GatewayProcess p = all.get(i);
            try {
                p.close();
            } catch (Exception e) {
                // stopped already
            }
            Files.writeString(logs.resolve(ids.get(i) + "-" + i + ".log"), p.output());
        }
    }
}
