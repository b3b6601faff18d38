package io.hazardgate.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Kafka cluster on this machine for a local cluster and its tests: {@code n} combined broker and
 * controller nodes (KRaft), each a separate JVM started from the Maven jars, each with its directory
 * under {@code dir}, on loopback only. Stopped by the PIDs it started, never by name.
 *
 * <p>A KRaft quorum must know its controllers' addresses before any of them starts, so the ports are
 * chosen first (bound to port 0 and read back, then released just before the nodes start). The
 * timeouts are a local cluster's: a broker or a consumer that stops answering is given up after a few
 * seconds, so failover is seen in tests within seconds (docs/operations.md gives production values).
 */
public final class LocalKafka implements AutoCloseable {
    /** How long a broker may miss heartbeats before the controller fences it. */
    public static final int BROKER_SESSION_MS = 3000;
    /** How long an alarm-tier member may miss heartbeats before its partitions move. */
    public static final int CONSUMER_SESSION_MS = 4000;

    /** One node: its id, client port, controller port, process and output. */
    public static final class Node {
        final int id;
        final int port;
        final int controllerPort;
        final Path dir;
        Process process;

        Node(int id, int port, int controllerPort, Path dir) {
            this.id = id;
            this.port = port;
            this.controllerPort = controllerPort;
            this.dir = dir;
        }

        public int id() { return id; }

        public int port() { return port; }

        public long pid() { return process == null ? -1 : process.pid(); }

        public boolean alive() { return process != null && process.isAlive(); }

        public Path log() { return dir.resolve("kafka.out"); }
    }

    private final Path dir;
    private final String classpath;
    private final List<Node> nodes = new ArrayList<>();

    private LocalKafka(Path dir, String classpath) {
        this.dir = dir;
        this.classpath = classpath;
    }

    /**
     * Formats and starts {@code n} nodes under {@code dir} and waits until each takes connections.
     *
     * @param classpath the broker's class path, e.g. {@code kafka-broker/target/lib/*}
     */
    public static LocalKafka start(Path dir, int n, String classpath) throws IOException, InterruptedException {
        LocalKafka k = new LocalKafka(dir.toAbsolutePath(), classpath);
        try {
            k.startAll(n);
            return k;
        } catch (IOException | InterruptedException | RuntimeException e) {
            k.close();
            throw e;
        }
    }

    private void startAll(int n) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                ServerSocket a = bind();
                ServerSocket b = bind();
                held.add(a);
                held.add(b);
                nodes.add(new Node(i, a.getLocalPort(), b.getLocalPort(), dir.resolve("kafka-" + i)));
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
        String cluster = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
        List<Process> formats = new ArrayList<>();
        for (Node node : nodes) {
            Files.createDirectories(node.dir);
            Files.writeString(node.dir.resolve("server.properties"), properties(node, n));
            formats.add(java(node, "kafka.tools.StorageTool", "format", "-t", cluster, "-c",
                    node.dir.resolve("server.properties").toString()).redirectOutput(node.dir.resolve("format.out").toFile()).start());
        }
        for (int i = 0; i < formats.size(); i++) {
            Process p = formats.get(i);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("formatting Kafka node " + nodes.get(i).id + " failed: "
                        + Files.readString(nodes.get(i).dir.resolve("format.out")));
            }
        }
        for (Node node : nodes) launch(node);
        for (Node node : nodes) awaitListening(node);
    }

    private static ServerSocket bind() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s;
    }

    private ProcessBuilder java(Node node, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", classpath, main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    private void launch(Node node) throws IOException {
        node.process = java(node, "kafka.Kafka", node.dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log().toFile())).start();
    }

    private void awaitListening(Node node) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!node.process.isAlive()) {
                throw new IOException("Kafka node " + node.id + " exited with " + node.process.exitValue() + ": "
                        + tail(node.log()));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", node.port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("Kafka node " + node.id + " did not listen on " + node.port + " within 180 s: " + tail(node.log()));
    }

    private static String tail(Path f) {
        try {
            List<String> lines = Files.readAllLines(f);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private String properties(Node node, int n) {
        String voters = nodes.stream().map(x -> x.id + "@127.0.0.1:" + x.controllerPort).collect(Collectors.joining(","));
        int copies = Math.min(3, n);
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + node.id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + node.port + ",CONTROLLER://127.0.0.1:" + node.controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + node.port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + node.dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=" + copies,
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=" + copies,
                "transaction.state.log.min.isr=" + Math.min(2, copies),
                "transaction.state.log.num.partitions=4",
                "min.insync.replicas=" + Math.min(2, copies),
                "default.replication.factor=" + copies,
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "log.cleaner.threads=1",
                "log.cleaner.dedupe.buffer.size=8388608",
                "log.segment.bytes=16777216",
                // local values: a lost node or member is noticed in seconds (production: operations.md)
                "broker.session.timeout.ms=" + BROKER_SESSION_MS,
                "broker.heartbeat.interval.ms=500",
                "group.consumer.session.timeout.ms=" + CONSUMER_SESSION_MS,
                "group.consumer.min.session.timeout.ms=2000",
                "group.consumer.heartbeat.interval.ms=500",
                "group.consumer.min.heartbeat.interval.ms=500",
                "group.initial.rebalance.delay.ms=0",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "transaction.max.timeout.ms=900000",
                "controller.quorum.election.timeout.ms=1000",
                "controller.quorum.fetch.timeout.ms=2000",
                "") ;
    }

    public String bootstrap() {
        return nodes.stream().map(x -> "127.0.0.1:" + x.port).collect(Collectors.joining(","));
    }

    public List<Node> nodes() { return List.copyOf(nodes); }

    /** {@code kill -9} of one node. */
    public void kill(Node node) throws InterruptedException {
        if (node.process == null) return;
        node.process.destroyForcibly();
        node.process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Starts stopped nodes again on their directories and ports, all before waiting for any: a broker
     * registers with the controller quorum before it listens, so a quorum that lost its majority comes
     * back only together.
     */
    public void restart(Node... stopped) throws IOException, InterruptedException {
        for (Node node : stopped) launch(node);
        for (Node node : stopped) awaitListening(node);
    }

    /** Stops every node it started (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.process != null && node.process.isAlive()) node.process.destroy();
        }
        for (Node node : nodes) {
            if (node.process == null) continue;
            try {
                if (!node.process.waitFor(20, TimeUnit.SECONDS)) {
                    node.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                node.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final String LOG4J = String.join("\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1}: %m%n",
            "rootLogger.level = WARN",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.server.name = kafka.server.KafkaRaftServer",
            "logger.server.level = INFO",
            "logger.network.name = org.apache.kafka.clients.NetworkClient",
            "logger.network.level = ERROR",
            "");
}
