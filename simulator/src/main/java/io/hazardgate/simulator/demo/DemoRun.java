package io.hazardgate.simulator.demo;

import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.operator.HttpOperator;
import io.hazardgate.simulator.operator.Operator;
import io.hazardgate.simulator.plant.MqttPlantLink;
import io.hazardgate.simulator.plant.Plant;
import io.hazardgate.simulator.plant.PlantPlayer;
import io.hazardgate.simulator.plant.PlantRunner;
import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.scenario.play.ScenarioPlay;
import io.hazardgate.simulator.scenario.run.LockStepUplink;
import io.hazardgate.simulator.scenario.verify.AlarmCauses;
import io.hazardgate.simulator.scenario.verify.Finding;
import io.hazardgate.simulator.scenario.verify.PlantTimes;
import io.hazardgate.simulator.scenario.verify.Verdict;
import io.hazardgate.simulator.scenario.verify.Verifier;
import io.hazardgate.simulator.telemetry.DeviceLink;
import io.hazardgate.simulator.telemetry.TelemetrySink;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.Ticker;
import io.hazardgate.simulator.time.TimeBase;
import io.hazardgate.simulator.watch.AlarmHistory;
import io.hazardgate.simulator.watch.AlarmWatcher;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The demo's engine: one plant played without a break, its scenarios one after another (a calm pause
 * between them), each at its own speed; every incident, alarm and device error printed as it happens,
 * and after each scenario whether the alarms were the ones it expects. With the demo's own gateway,
 * whose clock follows the plant ({@link DemoSettings#clock()}), messages carry plant time and everything
 * is judged faithfully: trends (the dam's tangent angle), a rain gauge's 24 h sum, silence, escalation.
 * Against a gateway on its own clock, message timestamps follow the wall clock, so the gateway sees a
 * live plant; which is also why what it judges over windows of reading timestamps is not judged then,
 * nor what it decides by its own clock: docs/simulator.md, "Speed and time". The operator on duty
 * acknowledges alarms when a scenario says so, which is what clears a latched gas alarm and brings the
 * plant back to green.
 */
public final class DemoRun {
    /**
     * Alarm kinds a sped-up plant with wall-clock timestamps can fairly be judged on: not trends, whose
     * slopes the speed steepens. Of no_data, only what a logger's will reports is judged (the rest is
     * decided by the gateway's clock, and skipped).
     */
    static final Set<String> JUDGED = Set.of(AlarmKinds.THRESHOLD, AlarmKinds.FAULT, AlarmKinds.NO_DATA);
    /** How long an acknowledgement waits for what was sent before it to be acknowledged by the broker. */
    static final long ACK_BARRIER_MILLIS = 10_000;
    static final long QUIET_MILLIS = 500;
    static final long GRACE_MILLIS = 2_000;

    private final DemoSettings settings;
    private final Ticker ticker;
    private final PrintStream out;
    private volatile boolean stopped;
    private volatile PlantRunner runner;
    private volatile Stage stage;
    /** The mapping of wall to plant time of the segment playing, for a gateway clock that follows the plant. */
    private volatile TimeBase timeBase = new TimeBase(System.currentTimeMillis(), 1);

    /** The scenario being played and its clock, for printing what arrives. */
    private record Stage(String name, PlantTimes times, AlarmCauses causes) {}

    public DemoRun(DemoSettings settings, Ticker ticker, PrintStream out) {
        this.settings = settings;
        this.ticker = ticker;
        this.out = out;
    }

    public void stop() {
        stopped = true;
        PlantRunner r = runner;
        if (r != null) r.stop();
    }

    /** Plays until the cycles are done, the duration is over or {@link #stop()}; returns the scenarios completed. */
    public int run() throws InterruptedException {
        DemoSettings s = settings;
        boolean plantClock = s.clock() != null;
        MessageTimestamps stamps = plantClock ? MessageTimestamps.PLANT : MessageTimestamps.WALL;
        long wallEnd = s.duration() == null ? Long.MAX_VALUE : ticker.nowMillis() + s.duration().toMillis();
        Set<String> siteIds = s.sites().stream().map(Site::id).collect(Collectors.toSet());
        int completed = 0;
        try (AlarmWatcher watcher = AlarmWatcher.start(s.broker(), "sim-demo-watch-" + ProcessHandle.current().pid(), printer());
             MqttPlantLink link = MqttPlantLink.connect(Plant.build(s.sites(), s.seed(), ticker.nowMillis(), s.zone()), s.broker(), 1)) {
            long plant = ticker.nowMillis();
            Plant p = Plant.build(s.sites(), s.seed(), plant, s.zone());
            // with a gateway on the plant's clock, messages carry plant time and never run ahead of what it has taken
            long freshness = LockStepUplink.freshness(s.sites(), p);
            LockStepUplink lockStep = plantClock ? new LockStepUplink(link, freshness, watcher) : null;
            TelemetrySink uplink = lockStep != null ? lockStep : link;
            // a logger cut by a scenario holds a lock-step plant until the broker has announced it offline
            DeviceLink links = lockStep != null ? lockStep : link;
            PlaySwitch sw = new PlaySwitch(uplink);
            AlarmSpacing spacing = new AlarmSpacing(s.sites());
            PlantPlayer player = new PlantPlayer(p, sw, new TimeBase(plant, DemoSettings.PAUSE_SPEED), sw, stamps);
            if (plantClock) {
                s.clock().follow(() -> LockStepUplink.frontier(timeBase.toPlant(ticker.nowMillis()), player.sentBefore(), link.oldestInFlight(),
                        freshness));
            }
            HttpOperator http = new HttpOperator(s.operator());
            Operator operator = (site, tag, comment) -> {
                // what connected loggers sent so far, not what waits for a logger whose link is down
                link.awaitInFlightFrom(Long.MAX_VALUE, ACK_BARRIER_MILLIS);
                return http.acknowledge(site, tag, comment);
            };
            acknowledgeLeftOvers(http);
            if (!plantClock) spaceFromHistory(spacing);
            for (int cycle = 0; !stopped && (s.cycles() == 0 || cycle < s.cycles()); cycle++) {
                List<Scenario> cycleLeft = new ArrayList<>(s.scenarios());
                while (!cycleLeft.isEmpty()) {
                    if (stopped || ticker.nowMillis() >= wallEnd) return completed;
                    // the gateway counts transitions toward flapping on its own clock: the plant's, or the wall's
                    long now = plantClock ? plant : ticker.nowMillis();
                    Scenario scenario = spacing.next(cycleLeft, now);
                    cycleLeft.remove(scenario);
                    long calmPlant = plantClock
                            ? Math.max((long) (s.pause().toMillis() * DemoSettings.PAUSE_SPEED), spacing.readyAt(scenario, now) - now)
                            : (long) (Math.max(s.pause().toMillis(), spacing.readyAt(scenario, now) - now) * DemoSettings.PAUSE_SPEED);
                    if (calmPlant > s.pause().toMillis() * DemoSettings.PAUSE_SPEED) {
                        // the wait is said on the clock the gateway counts it on
                        String wait = plantClock ? Verifier.dur(calmPlant) + " of plant time"
                                : Verifier.dur((long) (calmPlant / DemoSettings.PAUSE_SPEED));
                        out.printf("%n   calm plant for %s before %s: the gateway still counts its alarms' last transitions"
                                + " toward flapping (docs/simulator.md, \"demo\")%n", wait, scenario.name());
                    }
                    plant = segment(player, plant, DemoSettings.PAUSE_SPEED, calmPlant, wallEnd);
                    if (stopped || ticker.nowMillis() >= wallEnd) return completed;

                    double speed = s.speedOf(scenario);
                    long start = plant;
                    long wallStart = ticker.nowMillis();
                    TimeBase tb = new TimeBase(wallStart, start, speed);
                    ScenarioPlay play = new ScenarioPlay(scenario, p, start, uplink, links, operator, line -> out.println("  " + line));
                    header(scenario, speed);
                    PlantTimes times = new PlantTimes(tb, start, stamps, plantClock);
                    stage = new Stage(scenario.name(), times, new AlarmCauses(times));
                    sw.play(play);
                    plant = segment(player, start, speed, scenario.duration().toMillis(), wallEnd);
                    play.finish();
                    sw.play(null);
                    spacing.played(scenario, plantClock ? plant : ticker.nowMillis());
                    if (plant - start < scenario.duration().toMillis()) return completed;
                    long graceEnd = System.nanoTime() + GRACE_MILLIS * 1_000_000L;
                    watcher.awaitQuiet(QUIET_MILLIS, GRACE_MILLIS);
                    result(scenario, times, wallStart, watcher, siteIds, graceEnd);
                    completed++;
                }
            }
            return completed;
        }
    }

    /**
     * Alarms of the demo's sites still active from before (an earlier run, a reading sent by hand): a
     * scenario on such a point would not raise its alarm again. The operator on duty acknowledges them,
     * so that latched ones clear as soon as the calm plant reads normal.
     */
    private void acknowledgeLeftOvers(HttpOperator http) {
        List<String> lines = new ArrayList<>();
        for (Site site : settings.sites()) lines.addAll(http.acknowledgeActive(site.id(), "left active from before the demo"));
        if (lines.isEmpty()) return;
        out.println("Alarms left active from before the demo (the operator on duty acknowledges them; latched ones clear once"
                + " their points read normal):");
        for (String line : lines) out.println("  " + line);
    }

    /**
     * The gateway counts an alarm's transitions toward flapping over a window of its clock, including those
     * from before the demo (an earlier run, the alarms just acknowledged): read from its store, they space
     * the first scenarios as the demo's own transitions space the later ones.
     */
    private void spaceFromHistory(AlarmSpacing spacing) throws InterruptedException {
        long now = ticker.nowMillis();
        for (Site site : settings.sites()) {
            try {
                for (AlarmHistory.Event e : AlarmHistory.since(settings.operator().http(), site.id(), now - spacing.longestWindow())) {
                    if (AlarmKinds.TRANSITIONS.contains(e.state())) spacing.changedBefore(site.id(), e.tag(), e.kind(), e.eventMillis());
                }
            } catch (IOException e) {
                out.println("(the alarm history of " + site.id() + " is not available, " + e.getMessage() + ": alarms that changed just"
                        + " before the demo may be held as flapping)");
            }
        }
    }

    /** Plays {@code plantLength} of plant time from {@code from} at {@code speed}; returns the plant time reached. */
    private long segment(PlantPlayer player, long from, double speed, long plantLength, long wallEnd) throws InterruptedException {
        TimeBase tb = new TimeBase(ticker.nowMillis(), from, speed);
        player.use(tb);
        timeBase = tb;
        long end = from + plantLength;
        if (wallEnd != Long.MAX_VALUE) end = Math.min(end, tb.toPlant(wallEnd));
        PlantRunner r = new PlantRunner(player, tb, ticker);
        runner = r;
        if (stopped) r.stop();
        try {
            r.runUntilPlant(end);
        } catch (InterruptedException e) {
            stopped = true;
            return from;
        }
        return r.stopped() ? Math.min(end, tb.toPlant(ticker.nowMillis())) : end;
    }

    private void header(Scenario scenario, double speed) {
        long wallMillis = (long) (scenario.duration().toMillis() / speed);
        out.printf(Locale.ROOT, "%n== %s: %s%n   %s of plant time at %sx, about %s%n", scenario.name(), scenario.description(),
                Durations.readable(scenario.duration()), speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed),
                Verifier.dur(wallMillis));
    }

    private void result(Scenario scenario, PlantTimes times, long wallStart, AlarmWatcher watcher, Set<String> sites, long graceEnd)
            throws InterruptedException {
        // on the plant's clock every kind is judged faithfully, trends and rain sums included
        Set<String> kinds = settings.clock() != null ? Set.of() : JUDGED;
        Verdict v = new Verifier(scenario, times, kinds, sites).verifyUntil(
                () -> watcher.alarms().stream().filter(a -> a.arrivalMillis() >= wallStart).toList(),
                () -> watcher.errors().stream().filter(e -> e.arrivalMillis() >= wallStart).toList(), graceEnd);
        long ok = v.count(Finding.Outcome.OK);
        long skipped = v.count(Finding.Outcome.SKIPPED);
        if (v.passed() && ok == 0 && skipped > 0) {
            out.println("   result: not judged here: its expectations are judged over windows of reading timestamps or decided by the"
                    + " gateway's clock, which a sped-up plant on the wall clock cannot show faithfully (see docs/simulator.md, \"Speed and time\")");
            return;
        }
        if (v.passed()) {
            out.printf("   result: as expected (%d expectation%s met in time)%n", ok, ok == 1 ? "" : "s");
        } else {
            out.println("   result: not as expected:");
            for (Finding f : v.findings()) {
                if (f.outcome().fails()) out.println("     " + f.outcome() + " " + Verifier.at(f.offsetMillis()) + " " + f.what() + ": " + f.detail());
            }
        }
        if (skipped > 0) {
            out.println("   (" + skipped + " expectations not judged in a sped-up demo: trends and rain sums over reading timestamps, and what the"
                    + " gateway decides by its clock)");
        }
    }

    private AlarmWatcher.Listener printer() {
        return new AlarmWatcher.Listener() {
            @Override
            public void alarm(ObservedAlarm a) {
                Stage st = stage;
                out.println("  " + (st == null ? "(calm)" : Verifier.at(st.causes().causeOf(a))) + " alarm " + a.describe());
            }

            @Override
            public void error(ObservedError e) {
                out.println("  " + when(t -> t.of(e)) + " device error for " + e.device() + ": " + e.text());
            }
        };
    }

    private String when(ToLongFunction<PlantTimes> offset) {
        Stage st = stage;
        return st == null ? "(calm)" : Verifier.at(offset.applyAsLong(st.times()));
    }
}
