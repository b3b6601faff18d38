package io.hazardgate.simulator.scenario.run;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.IngestSettings;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.cli.BrokerOptions;
import io.hazardgate.simulator.cli.Defaults;
import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.cli.GracefulStop;
import io.hazardgate.simulator.cli.OperatorOptions;
import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import io.hazardgate.simulator.operator.OperatorSettings;
import io.hazardgate.simulator.plant.PlantCommand;
import io.hazardgate.simulator.scenario.AlarmExpectation;
import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.scenario.ScenarioLoader;
import io.hazardgate.simulator.scenario.Scenarios;
import io.hazardgate.simulator.scenario.verify.VerdictText;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.Ticker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code scenario} (also {@code --scenario NAME} alone): plays a scenario, and with {@code --verify} judges the alarms. */
public final class ScenarioCommand {
    public static final String USAGE = """
            scenario --scenario NAME|FILE [--verify] [--speed X] [--timestamps wall|plant] [--kinds K,...] [--grace D]
                     [--config FILE | --site FILE ...] [--broker URL] [--username U --password P] [--seed N] [--qos 0|1]
                     [--http URL] [--operator USER:PASSWORD] [--zone ZONE] [--dry-run]
            scenario --list
              Plays the plant with a scenario's incidents (config/scenarios/NAME.yaml beside the gateway config, or a
              file) and prints each incident, alarm event and device error as it happens, in plant time. --verify
              then compares the alarms with the scenario's expectations and exits 3 with the differences when an
              expected alarm did not come, came late, or an unexpected one came. --speed defaults to the scenario's;
              --timestamps plant stamps messages with plant time (for trend expectations above speed 1); --kinds
              verifies only those alarm kinds (threshold, trend, no_data, fault); --grace (default 2s) is how long
              to wait, after the end, for expected events still on their way. The scenario's ack incidents acknowledge
              alarms on the gateway's HTTP API (--http, default http://127.0.0.1:8080) as an operator (--operator,
              default the demo operator of config/gateway.yaml). --dry-run prints the messages at once without connecting.""";
    public static final int VERIFY_FAILED = 3;

    private ScenarioCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err, Ticker ticker) throws InterruptedException {
        Options o = Options.parse("scenario", args,
                Set.of("scenario", "speed", "timestamps", "kinds", "grace", "config", "site", "broker", "username", "password", "seed", "qos", "zone",
                        "http", "operator"),
                Set.of("verify", "dry-run", "list"));
        Path dir = Scenarios.dirBeside(o.has("config") ? Path.of(o.string("config", null)) : Defaults.gatewayConfig());
        if (o.flag("list")) return list(dir, out);
        List<Site> sites = PlantCommand.loadSites(o);
        Scenario scenario = ScenarioLoader.load(Scenarios.resolve(o.required("scenario"), dir), sites);
        boolean dry = o.flag("dry-run");
        if (dry && o.flag("verify")) throw new UsageException("scenario: --verify needs a gateway to listen to; leave out --dry-run");
        OperatorSettings operator = OperatorOptions.parse(o, OperatorSettings.DEFAULT_HTTP);
        ScenarioSettings settings = new ScenarioSettings(scenario, sites, dry ? null : BrokerOptions.parse(o), operator,
                o.number("speed", scenario.speed(), 0), timestamps(o), o.flag("verify"), kinds(o), o.duration("grace", Duration.ofSeconds(2)),
                o.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE), PlantCommand.zone(o.string("zone", null)), o.qos("qos", 1), false);
        if (settings.verify()) checkVerifiable(settings, gatewayClockSkew(o));

        ScenarioRun run = new ScenarioRun(settings, dry ? Ticker.jumping(ticker.nowMillis()) : ticker, out, frontier -> {});
        Thread main = Thread.currentThread();
        ScenarioRun.Result r;
        try (GracefulStop ctrlC = new GracefulStop("scenario-shutdown", () -> {
            run.stop();
            main.interrupt();
        }, Duration.ofSeconds(15))) {
            r = run.run();
        }
        err.printf("scenario: %,d messages (%,d readings) sent, %,d uploaded after outages, %,d failed, %,d connections lost;"
                + " slowest alarm delivery %d ms%n", r.messages(), r.readings(), r.uploaded(), r.failed(), r.connectionsLost(), r.maxDeliveryMillis());
        if (r.stoppedEarly()) {
            err.println("scenario: stopped before its end" + (settings.verify() ? ": not verified" : ""));
            return 1;
        }
        if (r.verdict() == null) return 0;
        out.print(VerdictText.render(r.verdict()));
        return r.verdict().passed() ? 0 : VERIFY_FAILED;
    }

    /**
     * Refuses up front a verification that cannot hold against a gateway on the wall clock, rather
     * than failing it for reasons that are not the gateway's (docs/simulator.md, "Speed and time").
     */
    static void checkVerifiable(ScenarioSettings s, Duration gatewaySkew) {
        if (s.gatewayClockFollowsPlant()) return;
        Scenario sc = s.scenario();
        List<String> expected = sc.expectedKinds().stream().filter(k -> s.kinds().isEmpty() || s.kinds().contains(k)).toList();
        String speed = ScenarioRun.speedText(s.speed());
        boolean silence = sc.alarms().stream().anyMatch(a -> a.kind().equals(AlarmKinds.NO_DATA) && a.judgedOnGatewayClock());
        if (silence && expected.contains(AlarmKinds.NO_DATA) && s.speed() != 1) {
            throw new UsageException("scenario " + sc.name() + " expects no_data alarms for silent points, which the gateway judges against each"
                    + " point's period on its own clock; at --speed " + speed + " the periods are " + speed + " times shorter than the gateway"
                    + " believes. Verify it at --speed 1, or leave no_data out with --kinds " + String.join(",", without(expected, AlarmKinds.NO_DATA)));
        }
        if (expected.contains(AlarmKinds.TREND) && s.speed() != 1 && s.stamps() == MessageTimestamps.WALL) {
            throw new UsageException("scenario " + sc.name() + " expects trend alarms, which the gateway computes over reading timestamps;"
                    + " with wall-clock timestamps at --speed " + speed + " every slope looks " + speed + " times steeper."
                    + " Give --timestamps plant, or --speed 1");
        }
        if (s.stamps() == MessageTimestamps.PLANT && s.speed() > 1) {
            long ahead = (long) (sc.duration().toMillis() * (1 - 1 / s.speed()));
            if (ahead > gatewaySkew.toMillis()) {
                throw new UsageException("scenario " + sc.name() + " with --timestamps plant at --speed " + speed + " would send readings "
                        + Durations.readable(Duration.ofMillis(ahead)) + " ahead of the gateway's clock, which refuses more than "
                        + Durations.readable(gatewaySkew) + " ahead (its ingest.maxClockSkew)");
            }
        }
    }

    /** How far ahead of its clock the gateway takes readings: its config's ingest.maxClockSkew, or the default with --site files. */
    private static Duration gatewayClockSkew(Options o) {
        if (!o.all("site").isEmpty()) return IngestSettings.DEFAULT_MAX_CLOCK_SKEW;
        return ConfigLoader.load(o.has("config") ? Path.of(o.string("config", null)) : Defaults.gatewayConfig()).ingest().maxClockSkew();
    }

    private static List<String> without(List<String> kinds, String k) {
        List<String> rest = kinds.stream().filter(x -> !x.equals(k)).toList();
        return rest.isEmpty() ? List.of(AlarmKinds.THRESHOLD) : rest;
    }

    private static MessageTimestamps timestamps(Options o) {
        try {
            return MessageTimestamps.parse(o.string("timestamps", "wall"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("scenario: --timestamps " + e.getMessage());
        }
    }

    private static Set<String> kinds(Options o) {
        Set<String> kinds = new LinkedHashSet<>();
        String text = o.string("kinds", null);
        if (text == null) return kinds;
        for (String k : text.split(",")) {
            String t = k.trim();
            if (!AlarmKinds.ALL.contains(t)) throw new UsageException("scenario: --kinds takes " + String.join(", ", AlarmKinds.ALL) + "; got '" + t + "'");
            kinds.add(t);
        }
        return kinds;
    }

    private static int list(Path dir, PrintStream out) {
        List<String> names = Scenarios.names(dir);
        if (names.isEmpty()) {
            out.println("no scenarios in " + dir);
            return 0;
        }
        out.println("scenarios in " + dir + ":");
        for (String n : names) {
            String description = "";
            try {
                description = new YAMLMapper().readTree(dir.resolve(n + ".yaml").toFile())
                        .path("description").asText("");
            } catch (IOException e) {
                description = "(unreadable: " + e.getMessage() + ")";
            }
            out.printf("  %-18s %s%n", n, description);
        }
        return 0;
    }
}
