package io.hazardgate.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One Kafka cluster of three broker+controller nodes shared by the cluster tests of a test run: starting
 * one takes seconds and hundreds of megabytes per node, and each test works in topics of its own
 * ({@link ClusterFixture} gives every test a topic prefix), so they need not each have their own. A test
 * that kills a broker starts it again before it ends. Stopped, by the PIDs it started, when the test JVM
 * exits.
 */
final class SharedKafka {
    static final int NODES = 3;
    private static LocalKafka kafka;
    private static Path dir;

    private SharedKafka() {}

    static synchronized LocalKafka get() throws Exception {
        if (kafka != null) return kafka;
        dir = Files.createTempDirectory("hazardgate-kafka-");
        kafka = LocalKafka.start(dir, NODES, ClusterFixture.brokerClasspath());
        Runtime.getRuntime().addShutdownHook(new Thread(SharedKafka::stop, "shared-kafka-stop"));
        return kafka;
    }

    private static void stop() {
        kafka.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it
        }
    }
}
