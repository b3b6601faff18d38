package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.HazardSourceKind;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.config.site.Site;
import io.hazardgate.record.AlarmEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The colour of every hazard source: the highest level among its active hazard alarms (threshold and
 * trend; faults and lost data are shown apart and do not colour it). A tailings dam's colour is its
 * monitoring items' colours, each escalated by its points and then added up across items by GB 39496
 * §5.5.4 ({@link TailingsItems}). Single-threaded: owned by the alarm bus.
 */
public final class RiskBoard {
    /** An active hazard alarm as the board counts it. */
    private record Active(String tag, String type, int level) {}

    private final Map<String, RiskState> bySource = new LinkedHashMap<>();
    /** Active hazard alarms per source key: alarm id → alarm. */
    private final Map<String, Map<String, Active>> active = new HashMap<>();
    private Map<String, String> typeOf = new HashMap<>();

    public RiskBoard(List<Site> sites) {
        reload(sites);
    }

    /** Takes a new configuration; sources that left it are forgotten, new ones start green. */
    List<RiskState> reload(List<Site> sites) {
        Map<String, String> types = new HashMap<>();
        Map<String, RiskState> next = new LinkedHashMap<>();
        for (Site site : sites) {
            for (Sensor s : site.sensors()) types.put(site.id() + "/" + s.tag(), s.type().wireName());
            for (HazardSource h : site.hazardSources()) {
                String key = key(site.id(), h.id());
                RiskState before = bySource.get(key);
                next.put(key, before == null ? new RiskState(site.id(), h, RiskColour.GREEN, 0, List.of(), "")
                        : new RiskState(site.id(), h, before.colour(), before.activeAlarms(), before.items(), before.cause()));
            }
        }
        typeOf = types;
        bySource.clear();
        bySource.putAll(next);
        active.keySet().retainAll(bySource.keySet());
        List<RiskState> changed = new ArrayList<>();
        for (String key : bySource.keySet()) {
            RiskState r = recompute(key);
            if (r != null) changed.add(r);
        }
        return changed;
    }

    public List<RiskState> all() { return List.copyOf(bySource.values()); }

    /** Applies an event; returns the source's new risk when its colour, items or alarm count changed, else null. */
    public RiskState apply(AlarmEvent e) {
        if (!e.kind().isHazard()) return null;
        String key = key(e.site(), e.source());
        if (!bySource.containsKey(key)) return null;
        Map<String, Active> alarms = active.computeIfAbsent(key, k -> new HashMap<>());
        if (e.isActive()) alarms.put(e.id(), new Active(e.tag(), typeOf.getOrDefault(e.sensorKey(), ""), e.level()));
        else alarms.remove(e.id());
        return recompute(key);
    }

    private RiskState recompute(String key) {
        RiskState before = bySource.get(key);
        Map<String, Active> alarms = active.getOrDefault(key, Map.of());
        int level = 0;
        for (Active a : alarms.values()) level = Math.max(level, a.level());
        RiskColour colour = RiskColour.ofLevel(level);
        String cause = level == 0 ? "" : "highest active alarm is " + colour.wireName();
        List<RiskState.ItemRisk> items = List.of();
        if (before.source().kind() == HazardSourceKind.TAILINGS_DAM) {
            items = items(alarms);
            for (RiskState.ItemRisk item : items) {
                if (item.colour().level() > colour.level()) {
                    colour = item.colour();
                    cause = TailingsItems.why(item.type(), item.colour(), item.points());
                }
            }
            int[] itemsAt = TailingsItems.itemsAtLeast(items);
            RiskColour dam = TailingsItems.itemColour(itemsAt);
            if (dam.level() > colour.level()) {
                colour = dam;
                cause = TailingsItems.whyDam(dam, itemsAt);
            }
        }
        RiskState after = new RiskState(before.site(), before.source(), colour, alarms.size(), items, cause);
        if (after.equals(before)) return null;
        bySource.put(key, after);
        return after;
    }

    /** Per sensor type: each point's highest level, counted at-or-above each level, then escalated. */
    private static List<RiskState.ItemRisk> items(Map<String, Active> alarms) {
        Map<String, Map<String, Integer>> pointLevels = new TreeMap<>();
        for (Active a : alarms.values()) {
            pointLevels.computeIfAbsent(a.type(), t -> new HashMap<>()).merge(a.tag(), a.level(), Math::max);
        }
        List<RiskState.ItemRisk> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> item : pointLevels.entrySet()) {
            int[] atLeast = new int[4];
            int highest = 0;
            for (int l : item.getValue().values()) {
                highest = Math.max(highest, l);
                for (int k = 1; k <= l; k++) atLeast[k - 1]++;
            }
            out.add(new RiskState.ItemRisk(item.getKey(), TailingsItems.itemColour(atLeast), RiskColour.ofLevel(highest), atLeast));
        }
        return List.copyOf(out);
    }

    private static String key(String site, String source) { return site + "/" + source; }
}
