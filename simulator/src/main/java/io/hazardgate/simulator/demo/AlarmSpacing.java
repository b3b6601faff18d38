package io.hazardgate.simulator.demo;

import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.simulator.scenario.AlarmExpectation;
import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.scenario.Incident;
import io.hazardgate.simulator.scenario.OfflineIncident;
import io.hazardgate.simulator.scenario.PointIncident;
import io.hazardgate.simulator.scenario.PointShape;
import io.hazardgate.simulator.scenario.Scenario;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the demo from driving a point's alarms again before the gateway has let go of their last
 * transitions. The gateway counts an alarm's transitions within its flapping window on its own clock,
 * the wall clock (docs/alarms.md, "Flapping"); a sped-up demo that replays a scenario a few wall minutes
 * later would have the two episodes counted together and see the alarm held as flapping. So a scenario
 * waits until the flapping windows of the alarms it drives (by point and kind: a conservative stand-in
 * for the rule) have passed since the last scenario that drove them ended.
 */
final class AlarmSpacing {
    /** Flapping window of each point, as {@code site/tag}; points without flapping suppression are absent. */
    private final Map<String, Long> windows = new HashMap<>();
    /** Devices' points, as {@code site/device} to {@code site/tag}s. */
    private final Map<String, Set<String>> pointsOf = new HashMap<>();
    /** Wall time at which a scenario driving the alarms of a point and kind ({@code site/tag/kind}) last ended. */
    private final Map<String, Long> lastEnd = new HashMap<>();

    AlarmSpacing(List<Site> sites) {
        for (Site site : sites) {
            for (Sensor s : site.sensors()) {
                String key = site.id() + "/" + s.tag();
                if (s.rules().flapping().enabled()) windows.put(key, s.rules().flapping().window().toMillis());
                if (!s.device().isEmpty()) pointsOf.computeIfAbsent(site.id() + "/" + s.device(), k -> new HashSet<>()).add(key);
            }
        }
    }

    /** The earliest wall time at which {@code scenario} may start: {@code now} or later. */
    long readyAt(Scenario scenario, long now) {
        long ready = now;
        for (String alarm : alarms(scenario)) {
            Long end = lastEnd.get(alarm);
            Long window = windows.get(alarm.substring(0, alarm.lastIndexOf('/')));
            if (end != null && window != null) ready = Math.max(ready, end + window);
        }
        return ready;
    }

    /** The {@code kind} alarm of {@code site/tag} changed state at wall time {@code at}, before the demo began. */
    void changedBefore(String site, String tag, String kind, long at) {
        lastEnd.merge(site + "/" + tag + "/" + kind, at, Math::max);
    }

    /** The longest flapping window of any point: how far back an alarm's transitions still count. */
    long longestWindow() {
        return windows.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * Which of {@code candidates} to play next: the first, in their order, that may start at {@code now};
     * if none may, the one that may soonest.
     */
    Scenario next(List<Scenario> candidates, long now) {
        Scenario soonest = null;
        long soonestAt = Long.MAX_VALUE;
        for (Scenario scenario : candidates) {
            long at = readyAt(scenario, now);
            if (at <= now) return scenario;
            if (at < soonestAt) {
                soonest = scenario;
                soonestAt = at;
            }
        }
        return soonest;
    }

    /** {@code scenario} ended at wall time {@code end}. */
    void played(Scenario scenario, long end) {
        for (String alarm : alarms(scenario)) lastEnd.put(alarm, end);
    }

    /**
     * The alarms a scenario drives, as {@code site/tag/kind}: those its incidents act on (a faulty reading
     * drives the fault alarm, other values the threshold and trend alarms, an outage the no-data alarms of
     * the logger's points) and those it expects.
     */
    private Set<String> alarms(Scenario scenario) {
        Set<String> out = new HashSet<>();
        for (Incident i : scenario.incidents()) {
            if (i instanceof PointIncident p) {
                String point = p.site() + "/" + p.tag() + "/";
                if (p.shape() instanceof PointShape.Flatline || p.shape() instanceof PointShape.OutOfRange
                        || p.shape() instanceof PointShape.BadQuality) {
                    out.add(point + AlarmKinds.FAULT);
                } else {
                    out.add(point + AlarmKinds.THRESHOLD);
                    out.add(point + AlarmKinds.TREND);
                }
            } else if (i instanceof OfflineIncident o) {
                for (String point : pointsOf.getOrDefault(o.site() + "/" + o.device(), Set.of())) out.add(point + "/" + AlarmKinds.NO_DATA);
            }
        }
        for (AlarmExpectation x : scenario.alarms()) out.add(x.site() + "/" + x.tag() + "/" + x.kind());
        return out;
    }
}
