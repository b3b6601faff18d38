package io.hazardgate.cluster;

import io.hazardgate.testing.Configs;
import io.hazardgate.testing.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole cluster on loopback for tests: Kafka nodes from the Maven jars ({@link LocalKafka}), and
 * gateway nodes as child processes ({@link GatewayProcess}) with their roles, all on the demo plant.
 * Everything it starts it stops by PID.
 */
final class ClusterFixture implements AutoCloseable {
    final Path dir;
    final LocalKafka kafka;
    final Path config;
    private final List<GatewayProcess> nodes = new ArrayList<>();

    private ClusterFixture(Path dir, LocalKafka kafka, Path config) {
        this.dir = dir;
        this.kafka = kafka;
        this.config = config;
    }

    static ClusterFixture start(Path dir, int kafkaNodes, int partitions) throws Exception {
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), kafkaNodes, brokerClasspath());
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
                "  replication: " + Math.min(3, kafkaNodes),
                "  transactionTimeout: 5s",
                "  deliveryTimeout: 10s",
                "sites:",
                "  - " + Configs.configDir().resolve("demo-plant.yaml"),
                ""));
        return new ClusterFixture(dir, kafka, config);
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

    /** Starts a gateway node with {@code roles} as a child process and waits until it reports its ports. */
    GatewayProcess node(String id, String roles) throws Exception {
        GatewayProcess p = GatewayProcess.start(config, dir.resolve("node-" + id), "--role", roles, "--node-id", id);
        nodes.add(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        for (GatewayProcess p : nodes) {
            try {
                p.close();
            } catch (Exception e) {
                // stopped already
            }
        }
        kafka.close();
    }
}
