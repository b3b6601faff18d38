package io.hazardgate.simulator.plant;

import io.hazardgate.config.ConfigLoader;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.cli.BrokerOptions;
import io.hazardgate.simulator.cli.Defaults;
import io.hazardgate.simulator.cli.GracefulStop;
import io.hazardgate.simulator.cli.Options;
import io.hazardgate.simulator.cli.UsageException;
import io.hazardgate.simulator.inject.Effects;
import io.hazardgate.simulator.inject.ForcedValueSpec;
import io.hazardgate.simulator.inject.PointEffect;
import io.hazardgate.simulator.mqtt.BrokerSettings;
import io.hazardgate.simulator.southbound.SouthboundSink;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.time.Ticker;
import io.hazardgate.simulator.time.TimeBase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code plant}: plays the data loggers of the configured sites against a broker. */
public final class PlantCommand {
    public static final String USAGE = """
            plant [--config FILE | --site FILE ...] [--broker URL] [--seed N] [--speed X] [--duration D]
                  [--qos 0|1] [--set [SITE/]TAG=VALUE[@D] ...] [--username U --password P] [--zone ZONE]
                  [--hj212 HOST:PORT] [--print] [--dry-run]
              Plays every data logger of the sites in the gateway config (default config/gateway.yaml), or of
              the site files given, each point at its own acquisition period, normal values clear of all
              limits. --speed 60 plays an hour of plant time per minute; --set forces a point to a value
              for a plant-time duration (whole run without @D); --print echoes each message to stdout;
              --dry-run prints without connecting. A device with a modbus block in its site file is
              played as a Modbus server where the file puts it (the gateway polls it); one with an hj212
              account sends HJ 212 packets to --hj212. Defaults: broker tcp://127.0.0.1:1883, hj212
              127.0.0.1:8212, seed 1, speed 1, qos 1, until interrupted.""";

    static final Duration STATUS_EVERY = Duration.ofSeconds(10);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private PlantCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err, Ticker ticker) throws InterruptedException {
        Options o = Options.parse("plant", args,
                Set.of("config", "site", "broker", "seed", "speed", "duration", "qos", "set", "username", "password", "zone", "hj212"),
                Set.of("print", "dry-run"));
        List<Site> sites = loadSites(o);
        long seed = o.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double speed = o.number("speed", 1, 0);
        Duration duration = o.duration("duration", null);
        int qos = o.qos("qos", 1);
        ZoneId zone = zone(o.string("zone", null));
        BrokerSettings broker = BrokerOptions.parse(o);

        long origin = ticker.nowMillis();
        TimeBase timeBase = new TimeBase(origin, speed);
        Plant plant = Plant.build(sites, seed, origin, zone);
        PointEffect effect = effects(o, plant, origin);
        for (String tag : plant.unplayed()) err.println("plant: " + tag + " has no device configured; it is not played");
        if (plant.loggers().isEmpty()) throw new UsageException("plant: no sensor of the given sites has a device to play it");

        String site = String.join(", ", sites.stream().map(Site::id).toList());
        err.printf("plant: playing site %s: %d loggers, %d points (seed %d, speed %sx, qos %d)%s%n", site,
                plant.loggers().size(), plant.pointCount(), seed, speed, qos,
                o.flag("dry-run") ? ", dry run" : " -> " + broker.url());

        MqttPlantLink link = o.flag("dry-run") ? null : MqttPlantLink.connect(plant, broker, qos);
        TelemetrySink sink = link == null ? new PrintingSink(out, null) : o.flag("print") ? new PrintingSink(out, link) : link;
        SouthboundSink southbound = null;
        if (link != null && SouthboundSink.needed(sites)) {
            try {
                southbound = SouthboundSink.start(sites, sink, hj212(o.string("hj212", "127.0.0.1:8212")));
            } catch (UsageException e) {
                throw e;
            } catch (Exception e) {
                link.close();
                throw new UsageException("plant: cannot play the Modbus controllers: " + e);
            }
            sink = southbound;
        }
        SouthboundSink played = southbound;
        PlantPlayer player = new PlantPlayer(plant, effect, timeBase, sink);
        PlantRunner runner = new PlantRunner(player, timeBase, ticker);
        long end = duration == null ? Long.MAX_VALUE : origin + duration.toMillis();

        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plant-status");
            t.setDaemon(true);
            return t;
        });
        status.scheduleAtFixedRate(() -> err.println(status(player, link) + (played == null ? "" : "; " + played.status())),
                STATUS_EVERY.toMillis(), STATUS_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        Thread main = Thread.currentThread();
        try (GracefulStop ctrlC = new GracefulStop("plant-shutdown", () -> {
            runner.stop();
            main.interrupt();
        }, DRAIN_TIMEOUT.plusSeconds(5))) {
            try {
                runner.run(end);
            } catch (InterruptedException e) {
                // Interrupted by Ctrl-C: finish sending what is in flight below.
            } finally {
                status.shutdownNow();
                if (link != null) drain(link);
                err.println(status(player, link) + (played == null ? "" : "; " + played.status()));
                if (played != null) played.close();
                if (link != null) link.close();
            }
        }
        return 0;
    }

    private static void drain(MqttPlantLink link) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (link.delivered() + link.failed() < link.published() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String status(PlantPlayer player, MqttPlantLink link) {
        String s = "plant: " + player.batchesSent() + " messages (" + player.readingsSent() + " readings) sent";
        if (link == null) return s;
        return s + ", " + link.delivered() + " delivered, " + link.failed() + " failed, " + link.connected() + "/"
                + link.loggers() + " loggers connected";
    }

    /** The sites of {@code --site} files, or of the gateway config ({@code --config}, default the shipped one). */
    public static List<Site> loadSites(Options o) {
        List<String> siteFiles = o.all("site");
        if (o.has("config") && !siteFiles.isEmpty()) throw new UsageException("give --config or --site, not both");
        List<Path> files = new ArrayList<>();
        if (!siteFiles.isEmpty()) {
            siteFiles.forEach(f -> files.add(Path.of(f)));
        } else {
            files.addAll(ConfigLoader.siteFiles(o.has("config") ? Path.of(o.string("config", null)) : Defaults.gatewayConfig()));
        }
        List<Site> sites = new ArrayList<>();
        for (Path f : files) sites.add(ConfigLoader.loadSite(f));
        return sites;
    }

    private static java.net.InetSocketAddress hj212(String text) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon <= 0) throw new NumberFormatException();
            return new java.net.InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hj212 must be HOST:PORT, got '" + text + "'");
        }
    }

    public static ZoneId zone(String text) {
        if (text == null) return ZoneId.systemDefault();
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new UsageException("--zone must be a time zone such as Asia/Shanghai or +08:00, got '" + text + "'");
        }
    }

    private static PointEffect effects(Options o, Plant plant, long origin) {
        List<PointEffect> effects = new ArrayList<>();
        for (String text : o.all("set")) {
            ForcedValueSpec spec = ForcedValueSpec.parse(text);
            if (!plant.hasTag(spec.site(), spec.tag())) {
                throw new UsageException("--set " + text + ": no played point has tag '" + spec.tag() + "'"
                        + (spec.site() == null ? "" : " in site '" + spec.site() + "'"));
            }
            effects.add(spec.effect(origin));
        }
        return effects.isEmpty() ? PointEffect.NONE : new Effects(effects);
    }
}
