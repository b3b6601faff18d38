package io.hazardgate;

import io.hazardgate.config.ConfigException;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.datadir.Backup;
import io.hazardgate.datadir.DataFormat;
import io.hazardgate.datadir.DataFormatException;
import io.hazardgate.datadir.Restore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code run [--config FILE] [--mqtt-port N] [--http-port N] [--store-port N] [--data-dir DIR]},
 * {@code backup DIR}, {@code restore BACKUP}, {@code hash-password [--iterations N]} and {@code version}.
 * Exit codes: 0 after a clean stop or a finished command, 2 for bad arguments or invalid config, 1 for a
 * failure to start (or of a backup or restore).
 */
public final class Main {
    static final String DEFAULT_CONFIG = "config/gateway.yaml";
    /** {@code text} or {@code json}: the form of the log (logback.xml), set by the launcher. */
    static final String LOG_FORMAT_PROPERTY = "hazardgate.log.format";

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("hash-password")) {
            return HashPasswordCommand.run(List.of(args).subList(1, args.length), System.in, System.console(), out, err);
        }
        if (args[0].equals("cluster")) {
            return ClusterCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args[0].equals("version")) {
            out.println("HazardGate " + DataFormat.release() + " (data directory format " + DataFormat.DATA_DIR
                    + ", backup format " + DataFormat.BACKUP + ")");
            return 0;
        }
        if (args[0].equals("backup") || args[0].equals("restore")) {
            return backupOrRestore(args[0], List.of(args).subList(1, args.length), out, err);
        }
        if (!args[0].equals("run")) {
            err.println("hazardgate: unknown command '" + args[0] + "'\n" + usage());
            return 2;
        }
        RunOptions opts;
        GatewayConfig config;
        try {
            opts = RunOptions.parse(List.of(args).subList(1, args.length));
            config = opts.apply(ConfigLoader.load(opts.config()));
        } catch (IllegalArgumentException e) {
            err.println("hazardgate: " + e.getMessage() + "\n" + usage());
            return 2;
        } catch (ConfigException e) {
            err.println("hazardgate: invalid config: " + e.getMessage());
            return 2;
        }
        AutoCloseable gateway;
        String started;
        try {
            if (opts.roles() != null) {
                ClusterNode node = ClusterNode.start(config, opts.roles(), opts.nodeId(), Clock.systemUTC());
                gateway = node;
                started = node.describe();
            } else {
                Gateway g = Gateway.start(config, Clock.systemUTC());
                gateway = g;
                started = g.describe();
            }
        } catch (IllegalArgumentException e) {
            err.println("hazardgate: " + e.getMessage());
            return 2;
        } catch (DataFormatException | PortUnavailableException e) {
            err.println("hazardgate: cannot start: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("hazardgate: failed to start: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                gateway.close();
            } catch (Exception e) {
                e.printStackTrace(err);
            }
            stopped.countDown();
        }, "shutdown"));
        if ("json".equals(System.getProperty(LOG_FORMAT_PROPERTY))) {
            // a log shipper reads standard output as JSON lines: the banner is one of them
            org.slf4j.LoggerFactory.getLogger(Main.class).info(started);
        } else {
            out.println(started);
            out.flush();
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code backup DIR [--config FILE] [--data-dir DIR]}, {@code restore BACKUP [--config FILE] [--data-dir DIR] [--config-dir DIR]}. */
    static int backupOrRestore(String command, List<String> args, PrintStream out, PrintStream err) {
        boolean backup = command.equals("backup");
        Path dir = null;
        Path config = Path.of(DEFAULT_CONFIG);
        Path dataDir = null;
        Path configDir = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    if (dir != null) throw new IllegalArgumentException("one " + (backup ? "backup directory" : "backup") + ", got '" + dir + "' and '" + a + "'");
                    dir = Path.of(a);
                    continue;
                }
                if (i + 1 >= args.size()) throw new IllegalArgumentException(a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--config" -> config = Path.of(v);
                    case "--data-dir" -> dataDir = Path.of(v);
                    case "--config-dir" -> {
                        if (backup) throw new IllegalArgumentException("unknown option '--config-dir' for backup");
                        configDir = Path.of(v);
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (dir == null) throw new IllegalArgumentException(backup ? "backup needs the directory to write the backup to" : "restore needs the backup to restore");
        } catch (IllegalArgumentException e) {
            err.println("hazardgate " + command + ": " + e.getMessage() + "\n" + usage());
            return 2;
        }
        try {
            if (backup) {
                GatewayConfig c = ConfigLoader.load(config);
                if (dataDir != null) c = c.withDataDir(dataDir);
                Backup.run(c, dir, out);
            } else {
                // with --data-dir the config is not read: on a fresh machine it may come from the backup itself
                Path target = dataDir != null ? dataDir : ConfigLoader.load(config).dataDir();
                Restore.run(dir, target, configDir, out);
            }
            return 0;
        } catch (ConfigException e) {
            err.println("hazardgate " + command + ": invalid config: " + e.getMessage()
                    + (backup ? "" : "\n  (name the data directory with --data-dir to restore without a config)"));
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("hazardgate " + command + ": failed: " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                usage: hazardgate run [--config FILE] [--mqtt-port N] [--http-port N] [--store-port N] [--data-dir DIR]
                                      [--role ROLES --node-id NAME [--kafka HOST:PORT,...]]
                       hazardgate cluster start [--kafka N] [--ingest N] [--alarm N] [--config FILE] [--dir DIR]
                       hazardgate cluster stop [--dir DIR]
                       hazardgate backup DIR [--config FILE] [--data-dir DIR]
                       hazardgate restore BACKUP [--config FILE] [--data-dir DIR] [--config-dir DIR]
                       hazardgate hash-password [--iterations N]
                       hazardgate version
                  --config FILE    gateway config (default config/gateway.yaml)
                  --mqtt-port N    port of the main (first plain TCP) MQTT listener; 0 means any free port
                  --http-port N    HTTP API port; 0 means any free port
                  --store-port N   embedded QuestDB HTTP port; 0 means any free port
                  --data-dir DIR   where every file the gateway keeps lives
                  --role ROLES     run as a node of a cluster on Kafka: ingest, alarm, store-writer
                                   (comma-separated), or all; without it the gateway is one process
                  --node-id NAME   this node's name in the cluster, unique and stable across restarts
                  --kafka LIST     Kafka bootstrap servers (overrides cluster.kafka of the config)
                backup copies the config file's directory and the data directory (log, alarm journal and
                state, embedded store) into DIR, consistently, while the gateway runs or not.
                restore puts a backup into an empty data directory (--data-dir, else the config's dataDir)
                and, with --config-dir, its configuration into an empty directory.
                hash-password reads a password (prompting on a terminal, else one line of standard input)
                and prints the passwordHash for an mqtt.users entry of gateway.yaml (PBKDF2, 600000
                iterations unless --iterations says otherwise; hashes with fewer still verify).""";
    }

    /** Command-line overrides of the config file. */
    record RunOptions(Path config, Integer mqttPort, Integer httpPort, Integer storePort, Path dataDir,
                      java.util.Set<ClusterNode.Role> roles, String nodeId, List<String> kafka) {
        static RunOptions parse(List<String> args) {
            Path config = Path.of(DEFAULT_CONFIG);
            Integer mqtt = null;
            Integer http = null;
            Integer store = null;
            Path data = null;
            java.util.Set<ClusterNode.Role> roles = null;
            String nodeId = null;
            List<String> kafka = null;
            List<String> rest = new ArrayList<>(args);
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                String name = a;
                String value;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else {
                    if (i + 1 >= rest.size()) throw new IllegalArgumentException(a + " needs a value");
                    value = rest.get(++i);
                }
                switch (name) {
                    case "--config" -> config = Path.of(value);
                    case "--mqtt-port" -> mqtt = port(name, value);
                    case "--http-port" -> http = port(name, value);
                    case "--store-port" -> store = port(name, value);
                    case "--data-dir" -> data = Path.of(value);
                    case "--role" -> roles = ClusterNode.Role.parse(value);
                    case "--node-id" -> nodeId = nodeId(value);
                    case "--kafka" -> kafka = io.hazardgate.config.ClusterSettings.parseServers(value);
                    default -> throw new IllegalArgumentException("unknown option '" + name + "'");
                }
            }
            if (roles != null && nodeId == null) throw new IllegalArgumentException("--role needs --node-id NAME");
            if (roles == null && (nodeId != null || kafka != null)) {
                throw new IllegalArgumentException("--node-id and --kafka are for cluster nodes: give --role too");
            }
            return new RunOptions(config, mqtt, http, store, data, roles, nodeId, kafka);
        }

        GatewayConfig apply(GatewayConfig c) {
            if (mqttPort != null) c = c.withMqttPort(mqttPort);
            if (httpPort != null) c = c.withHttpPort(httpPort);
            if (storePort != null) c = c.withStorePort(storePort);
            if (dataDir != null) c = c.withDataDir(dataDir);
            if (kafka != null) c = c.withCluster(c.cluster().withKafka(kafka));
            return c;
        }

        private static String nodeId(String value) {
            if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("--node-id must be 1 to 64 letters, digits, '.', '_' or '-', got '" + value + "'");
            }
            return value;
        }

        private static int port(String name, String value) {
            try {
                int p = Integer.parseInt(value);
                if (p < 0 || p > 65535) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a port number 0..65535, got '" + value + "'");
            }
        }
    }
}
