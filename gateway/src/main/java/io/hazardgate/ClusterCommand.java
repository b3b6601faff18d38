package io.hazardgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hazardgate.cluster.LocalKafka;
import io.hazardgate.config.ClusterSettings;
import io.hazardgate.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cluster start [--kafka N] [--ingest N] [--alarm N] [--partitions N] [--config FILE] [--dir DIR]}: a complete
 * cluster on this machine (Kafka nodes from the Maven jars, a store writer with the embedded QuestDB,
 * alarm nodes, ingest nodes, and HAProxy in front of the ingest nodes' MQTT when it is installed),
 * every port chosen free on loopback; prints one JSON object with every endpoint and each process's
 * PID and role, and keeps it in {@code DIR/cluster.json}. {@code cluster stop [--dir DIR]} stops exactly
 * the processes that file names, by PID, after checking that each PID is still the process started.
 */
final class ClusterCommand {
    static final String DEFAULT_DIR = "data/cluster";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORT = Pattern.compile("^\\s+(mqtt|http|store)\\s+\\S+?:(\\d+)\\b.*");
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private ClusterCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !(args.get(0).equals("start") || args.get(0).equals("stop"))) {
            err.println("usage: hazardgate cluster start [--kafka N] [--ingest N] [--alarm N] [--partitions N] [--config FILE] [--dir DIR]\n"
                    + "       hazardgate cluster stop [--dir DIR]");
            return 2;
        }
        int kafka = 3;
        int ingest = 2;
        int alarm = 2;
        int partitions = ClusterSettings.DEFAULT_PARTITIONS;
        Path config = Path.of(Main.DEFAULT_CONFIG);
        Path dir = Path.of(DEFAULT_DIR);
        try {
            for (int i = 1; i < args.size(); i++) {
                String a = args.get(i);
                if (i + 1 >= args.size()) throw new IllegalArgumentException(a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--kafka" -> kafka = count(a, v, 1, 5);
                    case "--ingest" -> ingest = count(a, v, 1, 8);
                    case "--alarm" -> alarm = count(a, v, 1, 8);
                    case "--partitions" -> partitions = count(a, v, 1, ClusterSettings.MAX_PARTITIONS);
                    case "--config" -> config = Path.of(v);
                    case "--dir" -> dir = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("hazardgate cluster: " + e.getMessage());
            return 2;
        }
        try {
            if (args.get(0).equals("stop")) return stop(dir.toAbsolutePath(), out, err);
        } catch (Exception e) {
            err.println("hazardgate cluster: " + e.getMessage());
            return 1;
        }
        try {
            return start(config, dir.toAbsolutePath(), kafka, ingest, alarm, partitions, out, err);
        } catch (Exception e) {
            err.println("hazardgate cluster: " + e.getMessage() + "; stopping what was started");
            try {
                if (Files.exists(dir.toAbsolutePath().resolve("cluster.json"))) stop(dir.toAbsolutePath(), err, err);
            } catch (Exception ignored) {
                // reported above
            }
            return 1;
        }
    }

    private static int count(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got '" + v + "'");
        }
    }

    private static int start(Path configFile, Path dir, int kafkaNodes, int ingest, int alarm, int partitions, PrintStream out,
                             PrintStream err)
            throws Exception {
        if (Files.exists(dir.resolve("cluster.json"))) {
            err.println("hazardgate cluster: " + dir.resolve("cluster.json") + " exists: a cluster was started there; "
                    + "'hazardgate cluster stop --dir " + dir + "' first");
            return 1;
        }
        ConfigLoader.load(configFile); // an invalid file fails here, naming file and field, before anything starts
        Path home = home();
        Files.createDirectories(dir);
        ObjectNode json = JSON.createObjectNode();
        ArrayNode processes = json.putArray("processes");
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), kafkaNodes, kafkaLib(home) + "/*");
        ArrayNode brokers = json.putArray("kafka");
        for (LocalKafka.Node n : kafka.nodes()) {
            brokers.add("127.0.0.1:" + n.port());
            processes.addObject().put("role", "kafka").put("name", "kafka-" + n.id()).put("pid", n.pid())
                    .put("kafka", "127.0.0.1:" + n.port()).put("log", n.log().toString());
        }
        save(dir, json);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, clusterConfig(configFile, kafka.bootstrap(), partitions, Math.min(3, kafkaNodes)));
        List<ObjectNode> ingestNodes = new ArrayList<>();
        start(home, config, dir, "store-1", "store-writer", processes);
        save(dir, json);
        for (int i = 1; i <= alarm; i++) {
            start(home, config, dir, "alarm-" + i, "alarm", processes);
            save(dir, json);
        }
        for (int i = 1; i <= ingest; i++) {
            ingestNodes.add(start(home, config, dir, "ingest-" + i, "ingest", processes));
            save(dir, json);
        }
        if (Files.isExecutable(HAPROXY)) {
            int port = haproxy(dir, ingestNodes, processes);
            json.put("mqtt", "tcp://127.0.0.1:" + port);
        } else {
            json.put("mqtt", "tcp://127.0.0.1:" + ingestNodes.get(0).get("mqtt").asInt());
            json.put("mqttNote", "HAProxy is not installed: devices connect to any ingest node directly");
        }
        json.put("http", "http://127.0.0.1:" + ingestNodes.get(0).get("http").asInt() + "/");
        processes.forEach(p -> {
            if (p.has("store")) json.put("store", "http://127.0.0.1:" + p.get("store").asInt() + "/");
        });
        json.put("config", config.toString());
        json.put("dir", dir.toString());
        save(dir, json);
        out.println(JSON.writeValueAsString(json));
        return 0;
    }

    private static void save(Path dir, ObjectNode json) throws IOException {
        Files.writeString(dir.resolve("cluster.json.tmp"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.move(dir.resolve("cluster.json.tmp"), dir.resolve("cluster.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The config every gateway node runs: the given one with every port free and the Kafka it has. */
    private static String clusterConfig(Path file, String bootstrap, int partitions, int replication) throws IOException {
        StringBuilder y = new StringBuilder("# written by 'hazardgate cluster start' from ").append(file.toAbsolutePath()).append('\n');
        String text = Files.readString(file);
        // the file's own settings, with its site paths made absolute, ports left to each node and its own
        // cluster block (if any) replaced by the local Kafka's
        boolean inCluster = false;
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                inCluster = line.startsWith("cluster:");
            }
            if (inCluster || line.startsWith("dataDir:")) continue;
            y.append(line).append('\n');
        }
        String out = y.toString();
        for (Path site : ConfigLoader.siteFiles(file)) {
            out = out.replace("- " + file.toAbsolutePath().getParent().relativize(site), "- " + site);
        }
        return out + "cluster:\n  kafka: " + bootstrap + "\n  partitions: " + partitions + "\n  replication: " + replication + "\n";
    }

    private static ObjectNode start(Path home, Path config, Path dir, String id, String role, ArrayNode processes)
            throws Exception {
        Path log = dir.resolve(id + ".log");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms128m",
                role.equals("store-writer") ? "-Xmx768m" : "-Xmx384m", "-XX:+UseParallelGC", "-cp",
                gatewayClasspath(home), "io.hazardgate.Main", "run",
                "--config", config.toString(), "--data-dir", dir.resolve(id).toString(), "--role", role, "--node-id", id,
                "--mqtt-port", "0", "--http-port", "0", "--store-port", "0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ObjectNode node = processes.addObject().put("role", role).put("name", id).put("pid", p.pid()).put("log", log.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IOException(id + " exited with " + p.exitValue() + "; see " + log);
            List<String> lines = Files.readAllLines(log);
            if (lines.stream().anyMatch(l -> l.startsWith("  data "))) {
                for (String l : lines) {
                    Matcher m = PORT.matcher(l);
                    if (m.matches()) node.put(m.group(1), Integer.parseInt(m.group(2)));
                }
                return node;
            }
            Thread.sleep(200);
        }
        throw new IOException(id + " did not start within 180 s; see " + log);
    }

    /** HAProxy, TCP mode, round robin over the ingest nodes' MQTT ports; returns its port. */
    private static int haproxy(Path dir, List<ObjectNode> ingest, ArrayNode processes) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder cfg = new StringBuilder("global\n  maxconn 4000\ndefaults\n  mode tcp\n  retries 3\n  option redispatch\n  timeout connect 5s\n"
                + "  timeout client 1h\n  timeout server 1h\nfrontend mqtt\n  bind 127.0.0.1:" + port + "\n  default_backend ingest\n"
                + "backend ingest\n  balance leastconn\n");
        for (ObjectNode n : ingest) {
            cfg.append("  server ").append(n.get("name").asText()).append(" 127.0.0.1:").append(n.get("mqtt").asInt())
                    .append(" check inter 1s\n");
        }
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        processes.addObject().put("role", "load-balancer").put("name", "haproxy").put("pid", p.pid()).put("mqtt", port)
                .put("log", log.toString());
        Thread.sleep(300);
        if (!p.isAlive()) throw new IOException("haproxy exited: " + Files.readString(log));
        return port;
    }

    private static int stop(Path dir, PrintStream out, PrintStream err) throws Exception {
        Path file = dir.resolve("cluster.json");
        if (!Files.exists(file)) {
            err.println("hazardgate cluster: no cluster started in " + dir + " (" + file + " is missing)");
            return 1;
        }
        JsonNode json = JSON.readTree(file.toFile());
        List<JsonNode> procs = new ArrayList<>();
        json.get("processes").forEach(procs::add);
        // the other way round: load balancer and ingest first, Kafka last
        java.util.Collections.reverse(procs);
        for (JsonNode p : procs) {
            long pid = p.get("pid").asLong();
            Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(x -> x.info().commandLine().map(c -> c.contains(dir.toString()) || c.contains("haproxy")).orElse(true));
            if (h.isEmpty()) {
                out.println("  " + p.get("name").asText() + " (pid " + pid + ") is not running");
                continue;
            }
            h.get().destroy();
            try {
                h.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                h.get().destroyForcibly();
            }
            out.println("  stopped " + p.get("name").asText() + " (pid " + pid + ")");
        }
        Files.move(file, dir.resolve("cluster.json.stopped"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return 0;
    }

    /** The Kafka broker's jars: given by the launcher, else those a source checkout builds. */
    private static Path kafkaLib(Path home) {
        String p = System.getProperty("hazardgate.kafka.lib");
        return p != null ? Path.of(p).toAbsolutePath() : home.resolve("kafka-broker/target/lib");
    }

    /** The gateway nodes' class path: the launcher's (a source checkout's jar, or a distribution's lib/*). */
    private static String gatewayClasspath(Path home) {
        String p = System.getProperty("hazardgate.gateway.cp");
        return p != null ? p : home.resolve("gateway/target/hazardgate-gateway.jar").toString();
    }

    private static Path home() {
        String h = System.getProperty("hazardgate.home");
        return (h == null ? Path.of("") : Path.of(h)).toAbsolutePath();
    }
}
