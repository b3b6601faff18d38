package io.hazardgate.simulator.demo;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.GatewayConfig;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.cli.BrokerOptions;
import io.hazardgate.simulator.cli.Defaults;
import io.hazardgate.simulator.cli.GracefulStop;
import io.hazardgate.simulator.cli.OperatorOptions;
import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.operator.OperatorSettings;
import io.hazardgate.simulator.plant.PlantCommand;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.scenario.ScenarioLoader;
import io.hazardgate.simulator.scenario.Scenarios;
import io.hazardgate.simulator.time.PlantClock;
import io.hazardgate.simulator.time.Ticker;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code demo}: the plant of the gateway's config plays its scenarios in a cycle, printing where to look
 * and what happens. {@code ./hazardgate demo} starts a gateway first and runs this against it.
 */
public final class DemoCommand {
    public static final String USAGE = """
            demo [--config FILE] [--broker URL] [--scenarios NAME,...] [--speed X] [--cycles N] [--pause D] [--duration D]
                 [--http URL] [--store URL] [--operator USER:PASSWORD] [--seed N] [--zone ZONE]
                 [--with-gateway [--mqtt-port N] [--http-port N] [--store-port N]]
              Plays the plant of the gateway config (default config/gateway.yaml) and its scenarios one after another,
              each at its own speed (or --speed for all), with --pause (default 5s) of calm plant between them, for
              --cycles rounds (default: until Ctrl-C). Prints where to look (MQTT topics, dashboard, QuestDB SQL), then
              each incident, alarm event and device error as it happens, and after each scenario whether the alarms
              were the ones it expects. The broker defaults to the config's MQTT listener, the HTTP API (where the
              scenarios' operator acknowledges alarms) to its HTTP listener, the operator to the demo operator; --store
              names the embedded QuestDB's HTTP address to show when it is not the config's (a cluster's store writer).
              --with-gateway (what 'hazardgate demo' runs) starts the demo's own gateway in this process, on the
              plant's clock, with its files in <dataDir>/demo (emptied at every start) and the config's ports unless
              --mqtt-port, --http-port, --store-port say otherwise (0: any free port): trends and rain sums then show
              at any speed. Needs the gateway's libraries on the class path.""";
    /** The order a newcomer sees them in: the quick tank-farm stories first, then the dam's. */
    public static final List<String> DEFAULT_SCENARIOS = List.of("gas-leak", "tank-overfill", "garbage", "sensor-faults", "rainstorm",
            "logger-offline", "dam-displacement");
    /** Where {@code --with-gateway} keeps its gateway's log (the launcher sets it, with the logging config to match). */
    static final String LOG_PROPERTY = "hazardgate.demo.log";

    private DemoCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err, Ticker ticker) throws InterruptedException {
        Options o = Options.parse("demo", args,
                Set.of("config", "broker", "username", "password", "scenarios", "speed", "cycles", "pause", "duration", "seed", "zone", "http",
                        "operator", "store", "mqtt-port", "http-port", "store-port"), Set.of("with-gateway"));
        Path configFile = o.has("config") ? Path.of(o.string("config", null)) : Defaults.gatewayConfig();
        GatewayConfig config = ConfigLoader.load(configFile);
        boolean own = o.flag("with-gateway");
        if (!own && (o.has("mqtt-port") || o.has("http-port") || o.has("store-port"))) {
            throw new UsageException("demo: --mqtt-port, --http-port and --store-port are for the demo's own gateway (--with-gateway)");
        }
        if (own && (o.has("broker") || o.has("http") || o.has("store"))) {
            throw new UsageException("demo: --broker, --http and --store point at another gateway; the demo's own (--with-gateway) is found by itself");
        }
        PlantClock clock = own ? new PlantClock() : null;
        java.util.concurrent.atomic.AtomicReference<DemoRun> running = new java.util.concurrent.atomic.AtomicReference<>();
        Thread main = Thread.currentThread();
        // Ctrl-C: the demo stops playing, then its own gateway closes (its log and store flushed), then the JVM ends
        try (GracefulStop ctrlC = new GracefulStop("demo-shutdown", () -> {
            DemoRun r = running.get();
            if (r != null) r.stop();
            main.interrupt();
        }, Duration.ofSeconds(30))) {
            return runStopping(o, config, configFile, own, clock, running, out, err, ticker);
        }
    }

    private static int runStopping(Options o, GatewayConfig config, Path configFile, boolean own, PlantClock clock,
                                   java.util.concurrent.atomic.AtomicReference<DemoRun> running, PrintStream out, PrintStream err,
                                   Ticker ticker) throws InterruptedException {
        OwnGateway gateway = null;
        if (own) {
            Path log = Path.of(System.getProperty(LOG_PROPERTY, config.dataDir().resolve("demo").resolve("gateway.log").toString()));
            out.println("HazardGate demo: starting the demo's own gateway on the plant's clock (its files in " + log.getParent()
                    + ", its log in " + log + ")...");
            out.flush();
            try {
                gateway = OwnGateway.start(config, log, clock, port(o, "mqtt-port", config.mqtt().port()),
                        port(o, "http-port", config.http().port()), port(o, "store-port", config.store().embedded().port()));
            } catch (IllegalStateException e) {
                err.println("hazardgate demo: cannot start: " + e.getMessage());
                return 1;
            }
            config = gateway.config();
            out.println(gateway.describe());
            out.println();
        }
        try {
            return play(o, config, configFile, clock, running, out, ticker);
        } finally {
            if (gateway != null) {
                out.println("hazardgate demo: stopping the demo's gateway");
                gateway.close();
            }
        }
    }

    private static int port(Options o, String name, int dflt) {
        return (int) o.integer(name, dflt, 0, 65535);
    }

    private static int play(Options o, GatewayConfig config, Path configFile, PlantClock clock,
                            java.util.concurrent.atomic.AtomicReference<DemoRun> running, PrintStream out, Ticker ticker)
            throws InterruptedException {
        List<Site> sites = config.sites();
        Path dir = Scenarios.dirBeside(configFile);
        List<Scenario> scenarios = new ArrayList<>();
        String names = o.string("scenarios", null);
        for (String n : names == null ? DEFAULT_SCENARIOS : List.of(names.split(","))) {
            scenarios.add(ScenarioLoader.load(Scenarios.resolve(n.trim(), dir), sites));
        }
        BrokerSettings broker = o.has("broker") ? BrokerOptions.parse(o)
                : new BrokerSettings("tcp://" + local(config.mqtt().host()) + ":" + config.mqtt().port(), o.string("username", null), o.string("password", null));
        Duration pause = o.duration("pause", Duration.ofSeconds(5));
        OperatorSettings operator = OperatorOptions.parse(o, "http://" + local(config.http().host()) + ":" + config.http().port());
        DemoSettings settings = new DemoSettings(sites, scenarios, broker, operator, o.has("speed") ? o.number("speed", 1, 0) : 0,
                (int) o.integer("cycles", 0, 0, Integer.MAX_VALUE), pause, o.duration("duration", null),
                o.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE), PlantCommand.zone(o.string("zone", null)), clock);
        if (sites.isEmpty()) throw new UsageException("demo: " + configFile + " lists no sites");

        out.print(whereToLook(config, broker, operator.http().toString(), o.string("store", null), scenarios));
        out.flush();
        DemoRun run = new DemoRun(settings, ticker, out);
        running.set(run);
        int done = run.run();
        out.println();
        out.println("demo: " + done + " scenario" + (done == 1 ? "" : "s") + " played");
        return 0;
    }

    static String whereToLook(GatewayConfig config, BrokerSettings broker, String http, String store, List<Scenario> scenarios) {
        String mqttHost = local(config.mqtt().host());
        int mqttPort = config.mqtt().port();
        if (broker.url().startsWith("tcp://")) {
            String hostPort = broker.url().substring("tcp://".length());
            int colon = hostPort.lastIndexOf(':');
            if (colon > 0) {
                mqttHost = hostPort.substring(0, colon);
                mqttPort = Integer.parseInt(hostPort.substring(colon + 1).replaceAll("/.*", ""));
            }
        }
        String sql = store != null ? store.replaceAll("/+$", "")
                : "http://" + local(config.store().embedded().host()) + ":" + config.store().embedded().port();
        StringBuilder sb = new StringBuilder();
        sb.append("HazardGate demo: the plant of ").append(String.join(", ", config.sites().stream().map(Site::id).toList()))
                .append(" plays ").append(scenarios.size()).append(scenarios.size() == 1 ? " scenario" : " scenarios").append(" in turn (Ctrl-C stops).\n\n");
        sb.append("Where to look:\n");
        sb.append("  alarm events     mosquitto_sub -h ").append(mqttHost).append(" -p ").append(mqttPort).append(" -t 'alarm/#' -v\n");
        sb.append("  current state    mosquitto_sub -h ").append(mqttHost).append(" -p ").append(mqttPort)
                .append(" -t 'alarm-state/#' -t 'risk/#' -v   (retained)\n");
        sb.append("  device errors    mosquitto_sub -h ").append(mqttHost).append(" -p ").append(mqttPort).append(" -t 'plant/+/+/errors' -v\n");
        sb.append("  dashboard        ").append(http.replaceAll("/+$", "")).append("/\n");
        if (config.store().isEmbedded()) {
            // the gateway generates the store's login and keeps it in its data directory
            String login = config.store().embeddedLogin()
                    ? "-u \"$(cat " + config.dataDir().resolve("store-credentials") + ")\" " : "";
            sb.append("  QuestDB SQL      ").append(sql).append("/   e.g. curl ").append(login).append("-G ").append(sql)
                    .append("/exec --data-urlencode \"query=select timestamp, tag, colour, state from alarm_event order by timestamp desc limit 10\"\n");
        }
        return sb.toString();
    }

    /** Where a client on this machine reaches a listener bound to {@code host}. */
    private static String local(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }
}
