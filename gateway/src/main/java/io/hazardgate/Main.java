package io.hazardgate;

import io.hazardgate.config.ConfigException;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code run [--config FILE] [--mqtt-port N] [--http-port N] [--store-port N] [--data-dir DIR]}
 * and {@code hash-password [--iterations N]}.
 * Exit codes: 0 after a clean stop, 2 for bad arguments or invalid config, 1 for a failure to start.
 */
public final class Main {
    static final String DEFAULT_CONFIG = "config/gateway.yaml";

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
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC());
        } catch (Exception e) {
            err.println("hazardgate: failed to start: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "shutdown"));
        out.println(gateway.describe());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String usage() {
        return """
                usage: hazardgate run [--config FILE] [--mqtt-port N] [--http-port N] [--store-port N] [--data-dir DIR]
                       hazardgate hash-password [--iterations N]
                  --config FILE    gateway config (default config/gateway.yaml)
                  --mqtt-port N    port of the main (first plain TCP) MQTT listener; 0 means any free port
                  --http-port N    HTTP API port; 0 means any free port
                  --store-port N   embedded QuestDB HTTP port; 0 means any free port
                  --data-dir DIR   where every file the gateway keeps lives
                hash-password reads a password (prompting on a terminal, else one line of standard input)
                and prints the passwordHash for an mqtt.users entry of gateway.yaml.""";
    }

    /** Command-line overrides of the config file. */
    record RunOptions(Path config, Integer mqttPort, Integer httpPort, Integer storePort, Path dataDir) {
        static RunOptions parse(List<String> args) {
            Path config = Path.of(DEFAULT_CONFIG);
            Integer mqtt = null;
            Integer http = null;
            Integer store = null;
            Path data = null;
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
                    default -> throw new IllegalArgumentException("unknown option '" + name + "'");
                }
            }
            return new RunOptions(config, mqtt, http, store, data);
        }

        GatewayConfig apply(GatewayConfig c) {
            if (mqttPort != null) c = c.withMqttPort(mqttPort);
            if (httpPort != null) c = c.withHttpPort(httpPort);
            if (storePort != null) c = c.withStorePort(storePort);
            if (dataDir != null) c = c.withDataDir(dataDir);
            return c;
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
