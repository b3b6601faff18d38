package io.hazardgate.simulator.load;

import io.hazardgate.simulator.cli.BrokerOptions;
import io.hazardgate.simulator.cli.GracefulStop;
import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** {@code load}: synthetic devices publishing as fast as asked, measuring what the broker acknowledges. */
public final class LoadCommand {
    public static final String USAGE = """
            load [--broker URL] [--devices N] [--readings-per-message R] [--sensors-per-device M] [--rate MSGS_PER_SEC]
                 [--qos 0|1] [--duration D] [--messages N] [--ramp D] [--clients C] [--inflight W]
                 [--username U --password P] [--site ID] [--tag-prefix P] [--seed N]
                 [--subscribe-count FILTER [--subscribe-qos 0|1]] [--alarm-every N] [--report FILE.html] [--drain-timeout D] [--quiet]
              Publishes telemetry of N synthetic devices (d00001.., tags {P}00001-001..; see gen-load-config)
              over C connections with W unacknowledged messages each, at a total rate (0 = as fast as the
              windows allow), ramped up linearly over --ramp, for --duration and/or --messages. Prints a
              progress line every second to stderr, a summary to stdout, and with --report an HTML report.
              --subscribe-count also subscribes to FILTER and counts what the broker relays. --alarm-every N makes every
              Nth message of a client carry a reading over the load points' limit (the next one carrying that point
              clears it; each client counts from its own offset, so the alarms come spread out) and measures publish to alarm event at a subscriber of alarm/{site}/#: run it against a
              gateway that has the gen-load-config site. What the gateway refuses (a site it does not have) it says
              on plant/{site}/+/errors: the run says so at once and at the end, and exits with 1.
              Defaults: 10 devices, 10 readings per message, M = R, rate 1000, qos 1, duration 10s unless
              --messages is given, no ramp, clients min(N, 8), inflight 1000, site load, prefix L, seed 1.""";
    static final int DEFAULT_MAX_CLIENTS = 8;
    static final int DEFAULT_INFLIGHT = 1000;

    private LoadCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Options o = Options.parse("load", args,
                Set.of("broker", "devices", "readings-per-message", "sensors-per-device", "rate", "qos", "duration", "messages", "ramp",
                        "clients", "inflight", "username", "password", "site", "tag-prefix", "seed", "subscribe-count", "subscribe-qos",
                        "report", "drain-timeout", "alarm-every"),
                Set.of("quiet"));
        LoadSettings settings = settings(o);
        Path report = o.has("report") ? Path.of(o.string("report", null)) : null;

        LoadRun run = new LoadRun(settings, o.flag("quiet") ? null : err, err);
        try (GracefulStop ctrlC = new GracefulStop("load-shutdown", run::stop, settings.drainTimeout().plusSeconds(10))) {
            LoadResult result = run.run();
            out.print(LoadSummary.text(result));
            if (run.refusedByGateway() > 0) {
                String line = String.format(java.util.Locale.ROOT, "REFUSED     the gateway refused %,d messages of this run: %s%s", run.refusedByGateway(),
                        run.firstRefusal(), GatewayRefusals.advice(run.firstRefusal()).replace("\nload:", "\n           "));
                out.println(line);
                err.println("load: " + line.substring("REFUSED     ".length()).replace("\n           ", "\nload:"));
                return 1;
            }
            if (!run.refusalsWatched()) {
                out.println("(this user may not read plant/" + settings.naming().site() + "/+/errors: refusals by the gateway, if any, are not shown)");
            }
            if (report != null) {
                try {
                    Files.writeString(report, HtmlLoadReport.render(result), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    err.println("load: cannot write report " + report + ": " + e.getMessage());
                    return 1;
                }
                err.println("load: report written to " + report);
            }
        }
        return 0;
    }

    static LoadSettings settings(Options o) {
        int devices = (int) o.integer("devices", 10, 1, LoadNaming.MAX_DEVICES);
        int readings = (int) o.integer("readings-per-message", 10, 1, LoadNaming.MAX_SENSORS_PER_DEVICE);
        int sensors = (int) o.integer("sensors-per-device", readings, 1, LoadNaming.MAX_SENSORS_PER_DEVICE);
        if (sensors % readings != 0) {
            throw new UsageException("load: --sensors-per-device (" + sensors + ") must be a multiple of --readings-per-message (" + readings + ")");
        }
        double rate = o.nonNegativeNumber("rate", 1000);
        long messages = o.integer("messages", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        Duration duration = o.duration("duration", o.has("messages") ? null : Duration.ofSeconds(10));
        if (duration != null && duration.isZero()) throw new UsageException("load: --duration must be positive");
        int clients = (int) o.integer("clients", Math.min(devices, DEFAULT_MAX_CLIENTS), 1, devices);
        int qos = o.qos("qos", 1);
        String filter = o.string("subscribe-count", null);
        if (o.has("alarm-every") && o.integer("alarm-every", 0, 0, Integer.MAX_VALUE) == 1) {
            throw new UsageException("load: --alarm-every must be at least 2, so that a message clears each alarm between triggers");
        }
        if (o.has("subscribe-qos") && filter == null) throw new UsageException("load: --subscribe-qos needs --subscribe-count");
        LoadNaming naming;
        try {
            naming = new LoadNaming(o.string("site", LoadNaming.DEFAULT_SITE), o.string("tag-prefix", LoadNaming.DEFAULT_TAG_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new UsageException("load: " + e.getMessage());
        }
        return new LoadSettings(BrokerOptions.parse(o), naming, devices, readings, sensors, rate, qos, duration, messages,
                o.duration("ramp", Duration.ZERO), clients, (int) o.integer("inflight", DEFAULT_INFLIGHT, 1, 65_535),
                o.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE), filter, o.qos("subscribe-qos", qos),
                o.duration("drain-timeout", Duration.ofSeconds(10)), (int) o.integer("alarm-every", 0, 0, Integer.MAX_VALUE));
    }
}
