package io.hazardgate.simulator.scenario.verify;

import io.hazardgate.simulator.cli.Durations;
import io.hazardgate.simulator.scenario.AlarmExpectation;
import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.scenario.ErrorExpectation;
import io.hazardgate.simulator.scenario.QuietWindow;
import io.hazardgate.simulator.scenario.Scenario;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compares what the gateway sent during a scenario with what the scenario expects. The rules
 * (docs/simulator.md, "How verification judges"):
 * <ol>
 *   <li>An event matches an expectation when site, tag, kind and state are equal and the colour and
 *       limit are too where the expectation gives them. Each event matches at most one expectation.</li>
 *   <li>An expectation is met ({@code ok}) by the earliest matching event caused inside its window
 *       [after, after + within]; expectations are served in the order of their windows.</li>
 *   <li>An expectation with no event in its window takes the earliest matching event caused after the
 *       window ({@code LATE}); with none at all it is {@code MISSING}.</li>
 *   <li>A left-over lifecycle event ({@code acknowledged}, {@code ack_overdue}, {@code flapping},
 *       {@code settled}) of an alarm whose raise this run saw is {@code tolerated}, unless the scenario
 *       expects that state on that tag and kind: then it takes charge of it, and every such event must
 *       be expected.</li>
 *   <li>Any other event left over is {@code FORBIDDEN} when an {@code expectNone} window covers it;
 *       otherwise it is {@code tolerated} when an expectation for the same tag and kind has a window
 *       containing its cause (part of an expected episode); otherwise {@code UNEXPECTED}.</li>
 *   <li>Device errors match {@code error} expectations by site, device and text; a left-over error is
 *       {@code UNEXPECTED}.</li>
 * </ol>
 * Events of sites the scenario does not play, of kinds not verified, caused before the scenario began,
 * no-data events of points the scenario does not play or of alarms raised before it began, and events
 * of expectations skipped (below) are ignored (and counted). Expectations of a kind not verified,
 * those the gateway decides by its own clock when that clock does not keep the plant's pace
 * ({@link AlarmExpectation#judgedOnGatewayClock()}), and those it judges over a window of reading
 * timestamps when the timestamps do not ({@link AlarmExpectation#judgedOverReadingTimestamps()}) are
 * {@code skipped}.
 */
public final class Verifier {
    private final Scenario scenario;
    private final PlantTimes times;
    private final Set<String> kinds;
    private final Set<String> sites;

    /**
     * @param kinds alarm kinds to verify; empty for all
     * @param sites sites the scenario plays
     */
    public Verifier(Scenario scenario, PlantTimes times, Set<String> kinds, Set<String> sites) {
        this.scenario = scenario;
        this.times = times;
        this.kinds = Set.copyOf(kinds);
        this.sites = Set.copyOf(sites);
    }

    private record Event(ObservedAlarm alarm, long cause) {}

    /**
     * Verifies what has arrived, again and again until nothing is missing or {@code deadlineNanos}
     * ({@link System#nanoTime()}) passes: on a busy machine an expected event may still be on its way.
     */
    public Verdict verifyUntil(Supplier<List<ObservedAlarm>> observed, Supplier<List<ObservedError>> observedErrors, long deadlineNanos)
            throws InterruptedException {
        Verdict v = verify(observed.get(), observedErrors.get());
        while (v.count(Finding.Outcome.MISSING) > 0 && System.nanoTime() < deadlineNanos) {
            Thread.sleep(100);
            v = verify(observed.get(), observedErrors.get());
        }
        return v;
    }

    public Verdict verify(List<ObservedAlarm> observed, List<ObservedError> observedErrors) {
        List<Finding> findings = new ArrayList<>();
        List<AlarmExpectation> expectations = new ArrayList<>();
        List<AlarmExpectation> skipped = new ArrayList<>();
        for (AlarmExpectation x : scenario.alarms()) {
            String why = !verified(x.kind()) ? "kind " + x.kind() + " not verified in this run"
                    : x.judgedOnGatewayClock() && !times.gatewayClockKeepsPace()
                            ? "the gateway decides it by its own clock, which does not keep the plant's pace at speed " + speed()
                    : x.judgedOverReadingTimestamps() && !times.timestampsKeepPace()
                            ? "the gateway judges it over a window of reading timestamps, which with wall-clock timestamps at speed " + speed()
                              + " holds " + speed() + " times as much plant time" : null;
            if (why == null) {
                expectations.add(x);
            } else {
                skipped.add(x);
                findings.add(new Finding(Finding.Outcome.SKIPPED, x.after().offsetMillis(), x.describe(), why));
            }
        }

        List<Event> events = new ArrayList<>();
        long ignored = judged(observed, skipped, events);

        expectations.sort(Comparator.comparingLong(x -> x.after().offsetMillis()));
        boolean[] used = new boolean[events.size()];
        boolean[] met = new boolean[expectations.size()];
        for (int i = 0; i < expectations.size(); i++) {
            AlarmExpectation x = expectations.get(i);
            int e = earliest(events, used, x, x.after().offsetMillis(), x.windowEnd());
            if (e < 0) continue;
            used[e] = true;
            met[i] = true;
            findings.add(new Finding(Finding.Outcome.OK, events.get(e).cause(), x.describe(),
                    dur(events.get(e).cause() - x.after().offsetMillis()) + " after " + x.after().label() + " (window " + dur(x.withinMillis()) + ")"));
        }
        for (int i = 0; i < expectations.size(); i++) {
            if (met[i]) continue;
            AlarmExpectation x = expectations.get(i);
            int e = earliest(events, used, x, x.windowEnd() + 1, Long.MAX_VALUE);
            if (e >= 0) {
                used[e] = true;
                long cause = events.get(e).cause();
                findings.add(new Finding(Finding.Outcome.LATE, cause, x.describe(), dur(cause - x.after().offsetMillis()) + " after "
                        + x.after().label() + ", " + dur(cause - x.windowEnd()) + " past its window of " + dur(x.withinMillis())));
            } else {
                findings.add(new Finding(Finding.Outcome.MISSING, x.after().offsetMillis(), x.describe(),
                        "none within " + dur(x.withinMillis()) + " after " + x.after().label() + "; " + seenOn(events, x)));
            }
        }
        for (int e = 0; e < events.size(); e++) {
            if (!used[e]) findings.add(leftOver(events.get(e), events, expectations));
        }
        verifyErrors(observedErrors, findings);
        findings.sort(Comparator.comparingLong(Finding::offsetMillis));
        return new Verdict(scenario.name(), findings, ignored);
    }

    /**
     * Times each event by its cause ({@link AlarmCauses}, in {@code seq} order per alarm) and puts those to
     * judge into {@code events}, in order of cause; returns how many were ignored.
     */
    private long judged(List<ObservedAlarm> observed, List<AlarmExpectation> skipped, List<Event> events) {
        long ignored = 0;
        List<ObservedAlarm> inOrder = new ArrayList<>(observed);
        inOrder.sort(Comparator.comparing(ObservedAlarm::id).thenComparingLong(ObservedAlarm::seq));
        AlarmCauses causes = new AlarmCauses(times);
        Set<String> raisedHere = new HashSet<>();
        for (ObservedAlarm a : inOrder) {
            long cause = causes.causeOf(a);
            if (cause >= 0 && a.state().equals(AlarmKinds.RAISED)) raisedHere.add(a.id());
            if (!sites.contains(a.site()) || !verified(a.kind()) || cause < 0 || skipped.stream().anyMatch(x -> sameState(a, x))
                    || silenceNotPlayed(a, raisedHere)) {
                ignored++;
            } else {
                events.add(new Event(a, cause));
            }
        }
        events.sort(Comparator.comparingLong(Event::cause));
        return ignored;
    }

    /** An event no expectation took: tolerated, FORBIDDEN or UNEXPECTED (rules 4 and 5). */
    private Finding leftOver(Event ev, List<Event> events, List<AlarmExpectation> expectations) {
        ObservedAlarm a = ev.alarm();
        Event raise = AlarmKinds.LIFECYCLE.contains(a.state()) && !listed(expectations, a) ? raiseOf(events, a) : null;
        if (raise != null) {
            return new Finding(Finding.Outcome.TOLERATED, ev.cause(), a.describe(), "in the life of the alarm raised at " + at(raise.cause())
                    + "; the scenario does not expect " + a.state() + " on " + a.tag() + " " + a.kind());
        }
        // A cleared event for an alarm this run never saw raised: the gateway had it active before.
        String stale = a.state().equals(AlarmKinds.CLEARED) && !raisedBefore(events, a)
                ? " (it cleared an alarm raised before the scenario began: start from a gateway without active alarms)" : "";
        QuietWindow quiet = quietCovering(a, ev.cause());
        if (quiet != null) return new Finding(Finding.Outcome.FORBIDDEN, ev.cause(), a.describe(), quiet.field() + ": " + quiet.describe() + stale);
        if (tolerated(a, ev.cause())) {
            return new Finding(Finding.Outcome.TOLERATED, ev.cause(), a.describe(), "inside the window of an expectation for " + a.tag() + " " + a.kind());
        }
        return new Finding(Finding.Outcome.UNEXPECTED, ev.cause(), a.describe(), "no expectation for " + a.tag() + " " + a.kind() + " then" + stale);
    }

    private void verifyErrors(List<ObservedError> observed, List<Finding> findings) {
        List<ObservedError> errors = new ArrayList<>(observed);
        errors.removeIf(e -> !sites.contains(e.site()));
        errors.sort(Comparator.comparingLong(times::of));
        boolean[] used = new boolean[errors.size()];
        List<ErrorExpectation> expectations = new ArrayList<>(scenario.errors());
        expectations.sort(Comparator.comparingLong(x -> x.after().offsetMillis()));
        for (ErrorExpectation x : expectations) {
            int found = -1;
            for (int i = 0; i < errors.size() && found < 0; i++) {
                if (!used[i] && matches(errors.get(i), x) && times.of(errors.get(i)) >= x.after().offsetMillis()) found = i;
            }
            if (found < 0) {
                findings.add(new Finding(Finding.Outcome.MISSING, x.after().offsetMillis(), x.describe(),
                        "none after " + x.after().label() + "; " + errorsSeen(errors, x)));
                continue;
            }
            used[found] = true;
            long t = times.of(errors.get(found));
            boolean inTime = t <= x.windowEnd();
            findings.add(new Finding(inTime ? Finding.Outcome.OK : Finding.Outcome.LATE, t, x.describe(),
                    dur(t - x.after().offsetMillis()) + " after " + x.after().label()
                            + (inTime ? " (window " + dur(x.withinMillis()) + ")" : ", " + dur(t - x.windowEnd()) + " past its window of " + dur(x.withinMillis()))));
        }
        for (int i = 0; i < errors.size(); i++) {
            if (!used[i]) findings.add(new Finding(Finding.Outcome.UNEXPECTED, times.of(errors.get(i)), errors.get(i).describe(), "no error expected"));
        }
    }

    private boolean verified(String kind) {
        return kinds.isEmpty() || kinds.contains(kind);
    }

    private String speed() {
        double x = times.timeBase().speed();
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static boolean matches(ObservedAlarm a, AlarmExpectation x) {
        return sameState(a, x) && (x.colour() == null || x.colour().equals(a.colour())) && (x.limit() == null || x.limit().equals(a.limitName()));
    }

    /** Same site, tag, kind, rule (where the expectation names one) and state. */
    private static boolean sameState(ObservedAlarm a, AlarmExpectation x) {
        return a.site().equals(x.site()) && a.tag().equals(x.tag()) && a.kind().equals(x.kind()) && a.state().equals(x.state())
                && (x.rule() == null || x.rule().equals(a.rule()));
    }

    /**
     * Silence the scenario does not play: a point whose logger it leaves out falls silent, as nobody sends
     * it (unless the scenario expects something of that point); and a point it plays, silent before the
     * scenario began (its logger was not running), comes back with its first reading.
     */
    private boolean silenceNotPlayed(ObservedAlarm a, Set<String> raisedHere) {
        if (!a.kind().equals(AlarmKinds.NO_DATA)) return false;
        boolean expected = scenario.alarms().stream().anyMatch(x -> x.site().equals(a.site()) && x.tag().equals(a.tag()));
        if (!scenario.plays(a.site(), a.tag()) && !expected) return true;
        return !raisedHere.contains(a.id());
    }

    /** Whether the scenario expects the event's state on its tag and kind: then it answers for every such event. */
    private static boolean listed(List<AlarmExpectation> expectations, ObservedAlarm a) {
        for (AlarmExpectation x : expectations) if (sameState(a, x)) return true;
        return false;
    }

    /** The {@code raised} event of the alarm {@code a} belongs to, if this run saw it; else null. */
    private static Event raiseOf(List<Event> events, ObservedAlarm a) {
        for (Event ev : events) {
            if (ev.alarm().id().equals(a.id()) && ev.alarm().state().equals(AlarmKinds.RAISED)) return ev;
        }
        return null;
    }

    private static boolean matches(ObservedError e, ErrorExpectation x) {
        return e.site().equals(x.site()) && e.device().equals(x.device())
                && e.text().toLowerCase(Locale.ROOT).contains(x.text().toLowerCase(Locale.ROOT));
    }

    /** The earliest unused event matching {@code x} caused in [from, to]; -1 when none. */
    private static int earliest(List<Event> events, boolean[] used, AlarmExpectation x, long from, long to) {
        for (int e = 0; e < events.size(); e++) {
            Event ev = events.get(e);
            if (!used[e] && ev.cause() >= from && ev.cause() <= to && matches(ev.alarm(), x)) return e;
        }
        return -1;
    }

    private QuietWindow quietCovering(ObservedAlarm a, long cause) {
        for (QuietWindow q : scenario.quiet()) if (q.covers(a.site(), a.tag(), a.kind(), cause)) return q;
        return null;
    }

    private boolean tolerated(ObservedAlarm a, long cause) {
        for (AlarmExpectation x : scenario.alarms()) {
            if (x.site().equals(a.site()) && x.tag().equals(a.tag()) && x.kind().equals(a.kind()) && cause >= x.after().offsetMillis()
                    && cause <= x.windowEnd()) {
                return true;
            }
        }
        return false;
    }

    /** What the gateway did say about the expectation's tag and kind, to show how the expectation missed. */
    private static String seenOn(List<Event> events, AlarmExpectation x) {
        List<String> seen = new ArrayList<>();
        for (Event ev : events) {
            ObservedAlarm a = ev.alarm();
            if (a.site().equals(x.site()) && a.tag().equals(x.tag())) seen.add(a.kind() + (a.kind().equals(AlarmKinds.TREND) ? " " + a.rule() : "")
                    + " " + a.state() + " " + a.colour()
                    + (a.limitName().isEmpty() ? "" : " " + a.limitName()) + " at " + at(ev.cause()));
        }
        if (seen.isEmpty()) return "no event on " + x.tag() + " at all";
        int n = seen.size();
        return "on " + x.tag() + " came: " + String.join(", ", seen.subList(0, Math.min(4, n))) + (n > 4 ? " and " + (n - 4) + " more" : "");
    }

    private String errorsSeen(List<ObservedError> errors, ErrorExpectation x) {
        List<String> seen = new ArrayList<>();
        for (ObservedError e : errors) if (e.device().equals(x.device())) seen.add("\"" + e.text() + "\" at " + at(times.of(e)));
        if (seen.isEmpty()) return "no error for " + x.device() + " at all";
        return "for " + x.device() + " came: " + String.join(", ", seen.subList(0, Math.min(4, seen.size())));
    }

    private static boolean raisedBefore(List<Event> events, ObservedAlarm cleared) {
        for (Event ev : events) if (ev.alarm().id().equals(cleared.id()) && !ev.alarm().state().equals("cleared")) return true;
        return false;
    }

    /** A scenario time as {@code +3m40s}. */
    public static String at(long offset) {
        return (offset < 0 ? "-" : "+") + dur(Math.abs(offset));
    }

    /** A duration as people read it: to the second from ten seconds up, to the millisecond below. */
    public static String dur(long millis) {
        long shown = Math.abs(millis) >= 10_000 ? Math.round(millis / 1000.0) * 1000 : millis;
        return Durations.readable(Duration.ofMillis(shown));
    }
}
