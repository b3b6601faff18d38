package io.hazardgate.alarm;

import io.hazardgate.config.HazardSource;
import io.hazardgate.config.RiskColour;
import io.hazardgate.config.Site;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The colour of every hazard source: the highest level among its active hazard alarms (threshold and
 * trend; faults and lost data are shown apart and do not colour it). Single-threaded: owned by the
 * alarm bus.
 */
final class RiskBoard {
    /** A hazard source's current colour and what makes it so. */
    record SourceRisk(String site, HazardSource source, RiskColour colour, int activeAlarms) {
        String topic() { return "risk/" + site + "/" + source.id(); }
    }

    private final Map<String, SourceRisk> bySource = new LinkedHashMap<>();
    /** Active hazard alarms per source key: alarm id → level. */
    private final Map<String, Map<String, Integer>> active = new HashMap<>();

    RiskBoard(List<Site> sites) {
        for (Site site : sites) {
            for (HazardSource h : site.hazardSources()) {
                bySource.put(key(site.id(), h.id()), new SourceRisk(site.id(), h, RiskColour.GREEN, 0));
            }
        }
    }

    List<SourceRisk> all() { return List.copyOf(bySource.values()); }

    /** Applies an event; returns the source's new risk when its colour or alarm count changed, else null. */
    SourceRisk apply(AlarmEvent e) {
        if (!e.kind().isHazard()) return null;
        String key = key(e.site(), e.source());
        SourceRisk before = bySource.get(key);
        if (before == null) return null;
        Map<String, Integer> alarms = active.computeIfAbsent(key, k -> new HashMap<>());
        if (e.state() == AlarmState.CLEARED) alarms.remove(e.id());
        else alarms.put(e.id(), e.level());
        int level = 0;
        for (int l : alarms.values()) level = Math.max(level, l);
        SourceRisk after = new SourceRisk(before.site(), before.source(), RiskColour.ofLevel(level), alarms.size());
        if (after.equals(before)) return null;
        bySource.put(key, after);
        return after;
    }

    private static String key(String site, String source) { return site + "/" + source; }
}
