package io.hazardgate.simulator.scenario.run;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.mqtt.BrokerException;
import io.hazardgate.simulator.operator.HttpOperator;
import io.hazardgate.simulator.operator.Operator;
import io.hazardgate.simulator.plant.MqttPlantLink;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.plant.PlantPlayer;
import io.hazardgate.simulator.plant.PlantRunner;
import io.hazardgate.simulator.plant.PrintingSink;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.scenario.play.ScenarioPlay;
import io.hazardgate.simulator.scenario.verify.AlarmCauses;
import io.hazardgate.simulator.scenario.verify.PlantTimes;
import io.hazardgate.simulator.scenario.verify.Verdict;
import io.hazardgate.simulator.scenario.verify.Verifier;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.time.PlantFrontier;
import io.hazardgate.simulator.time.Ticker;
import io.hazardgate.simulator.time.TimeBase;
import io.hazardgate.simulator.watch.AlarmWatcher;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays one scenario on the plant against a broker and, when asked, verifies what the gateway said:
 * subscribes to the alarm and error topics first, connects the loggers, plays the timeline at the
 * chosen speed, lets the last events arrive, and judges them ({@link Verifier}). Prints each incident,
 * alarm and device error as it happens, in scenario time.
 */
public final class ScenarioRun {
    /** How long the watcher must have been silent before the run stops waiting for stragglers. */
    static final long QUIET_MILLIS = 500;
    static final long DRAIN_MILLIS = 10_000;
    /** How long an acknowledgement waits for what was sent before it to be acknowledged by the broker. */
    static final long ACK_BARRIER_MILLIS = 10_000;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /**
     * @param verdict           {@code null} when not verifying, or when the run was stopped early
     * @param maxDeliveryMillis the slowest alarm event from the gateway's transition to its arrival (wall ms)
     */
    public record Result(Verdict verdict, boolean stoppedEarly, long messages, long readings, long uploaded, long failed,
                         long connectionsLost, long maxDeliveryMillis) {}

    private final ScenarioSettings settings;
    private final Ticker ticker;
    private final PrintStream out;
    private final Consumer<PlantFrontier> onStart;
    private volatile PlantRunner runner;
    private volatile PlantTimes times;
    private volatile AlarmCauses causes;
    private volatile boolean stopped;

    /**
     * @param out     where incidents, alarms and errors are printed as they happen
     * @param onStart told, the moment the scenario begins, how far the plant has got as it plays (a test's
     *                gateway clock follows it)
     */
    public ScenarioRun(ScenarioSettings settings, Ticker ticker, PrintStream out, Consumer<PlantFrontier> onStart) {
        this.settings = settings;
        this.ticker = ticker;
        this.out = out;
        this.onStart = onStart;
    }

    /** Ends the run early (Ctrl-C); nothing is verified then. */
    public void stop() {
        stopped = true;
        PlantRunner r = runner;
        if (r != null) r.stop();
    }

    public Result run() throws InterruptedException {
        ScenarioSettings s = settings;
        Scenario scenario = s.scenario();
        boolean dry = s.broker() == null;
        AlarmWatcher watcher = null;
        MqttPlantLink link = null;
        try {
            if (!dry) {
                watcher = AlarmWatcher.start(s.broker(), "sim-watch-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet(), listener());
                if (!watcher.errorsWatched()) {
                    if (s.verify() && !scenario.errors().isEmpty()) {
                        throw new BrokerException(s.broker().url() + " refused the subscription to '" + AlarmWatcher.ERRORS + "', and scenario "
                                + scenario.name() + " expects device errors: verify it as a user who may read them (an administrator)", null);
                    }
                    out.println("(the broker does not let this user read " + AlarmWatcher.ERRORS + ": device errors are not shown)");
                }
                link = MqttPlantLink.connect(plant(ticker.nowMillis()), s.broker(), s.qos());
            }
            long wallStart = ticker.nowMillis();
            long origin = s.plantStart() == ScenarioSettings.FROM_WALL_CLOCK ? wallStart : s.plantStart();
            TimeBase timeBase = new TimeBase(wallStart, origin, s.speed());
            Plant plant = plant(origin);
            times = new PlantTimes(timeBase, origin, s.stamps(), s.gatewayClockFollowsPlant());
            causes = new AlarmCauses(times);
            long freshness = LockStepUplink.freshness(s.sites(), plant);
            LockStepUplink lockStep = dry || !s.gatewayClockFollowsPlant() ? null : new LockStepUplink(link, freshness, watcher);
            TelemetrySink uplink = dry ? new PrintingSink(out, null) : lockStep != null ? lockStep : link;
            DeviceLink links = dry ? DeviceLink.NONE : lockStep != null ? lockStep : link;
            ScenarioPlay play = new ScenarioPlay(scenario, plant, origin, uplink, links, operator(link), line -> out.println(line));
            PlantPlayer player = new PlantPlayer(plant, play, timeBase, play, s.stamps());
            MqttPlantLink sent = link;
            onStart.accept(() -> LockStepUplink.frontier(timeBase.toPlant(ticker.nowMillis()), player.sentBefore(),
                    sent == null ? Long.MAX_VALUE : sent.oldestInFlight(), freshness));
            out.printf("scenario %s: %s%n  %s of plant time at %sx%s%n", scenario.name(), scenario.description(),
                    Durations.readable(scenario.duration()), speedText(s.speed()),
                    dry ? ", dry run" : " -> " + s.broker().url());
            runner = new PlantRunner(player, timeBase, ticker);
            if (stopped) runner.stop();
            try {
                runner.runUntilPlant(origin + scenario.duration().toMillis());
            } catch (InterruptedException e) {
                stopped = true;
            }
            boolean early = stopped || runner.stopped();
            if (!early) play.finish();
            long failed = 0;
            long lost = 0;
            if (link != null) {
                link.awaitDelivered(DRAIN_MILLIS);
                failed = link.failed();
                lost = link.connectionsLost();
            }
            Verdict verdict = null;
            long slowest = 0;
            if (watcher != null) {
                long graceEnd = System.nanoTime() + Math.max(QUIET_MILLIS, s.grace().toMillis()) * 1_000_000L;
                if (!early) watcher.awaitQuiet(QUIET_MILLIS, Math.max(QUIET_MILLIS, s.grace().toMillis()));
                if (s.verify() && !early) {
                    Verifier verifier = new Verifier(scenario, times, s.kinds(), s.sites().stream().map(Site::id).collect(Collectors.toSet()));
                    verdict = verifier.verifyUntil(watcher::alarms, watcher::errors, graceEnd);
                }
                for (ObservedAlarm a : watcher.alarms()) slowest = Math.max(slowest, times.deliveryMillis(a));
            }
            return new Result(verdict, early, player.batchesSent(), player.readingsSent(), play.uploaded(), failed, lost, slowest);
        } finally {
            if (link != null) link.close();
            if (watcher != null) watcher.close();
        }
    }

    /**
     * The operator of the scenario's {@code ack} incidents. An operator acts on what the control room
     * shows, so before acknowledging it lets the broker acknowledge what the loggers sent until then.
     */
    private Operator operator(MqttPlantLink link) {
        if (link == null) return Operator.NONE;
        if (settings.operator() == null) return (site, tag, comment) -> List.of(tag + ": no operator given to acknowledge with");
        HttpOperator http = new HttpOperator(settings.operator());
        return (site, tag, comment) -> {
            // what connected loggers sent so far, not what waits for a logger whose link is down
            link.awaitInFlightFrom(Long.MAX_VALUE, ACK_BARRIER_MILLIS);
            return http.acknowledge(site, tag, comment);
        };
    }

    private Plant plant(long origin) {
        ScenarioSettings s = settings;
        return Plant.build(s.sites(), s.seed(), origin, s.zone()).only(s.scenario().devices());
    }

    private AlarmWatcher.Listener listener() {
        return new AlarmWatcher.Listener() {
            @Override
            public void alarm(ObservedAlarm a) {
                AlarmCauses c = causes;
                out.println(when(c == null ? null : c.causeOf(a)) + " alarm " + a.describe());
            }

            @Override
            public void error(ObservedError e) {
                PlantTimes t = times;
                out.println(when(t == null ? null : t.of(e)) + " error from the gateway to " + e.device() + ": " + e.text());
            }
        };
    }

    private static String when(Long offset) {
        return offset == null ? "(before the start)" : Verifier.at(offset);
    }

    static String speedText(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }
}
