package io.hazardgate.alarm;

import io.hazardgate.alarm.lifecycle.AlarmLifecycle;
import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.rules.RuleSpecs;
import io.hazardgate.alarm.state.Accumulator;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.alarm.state.TrendWindow;
import io.hazardgate.config.site.HazardSource;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.config.site.Sensor;
import io.hazardgate.plant.SensorIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries a sensor's state into the new state a configuration reload built for it: its newest reading,
 * windows of the same shape, counters, and each alarm whose rule (by name and kind) is still configured.
 * An alarm whose rule is gone ends with a "cleared" event. The next reading then judges the alarm by the
 * new limits (escalating, deescalating or clearing as they say).
 */
final class StateCarry {
    private StateCarry() {}

    /**
     * Rebuilds every shard's states for {@code next}: unchanged sensors keep their state object as it is,
     * changed ones get a new state carrying over what still applies (possibly to another shard), and
     * removed ones end their alarms. Only while every shard is paused (or not started).
     */
    static void rebind(List<AlarmEvaluator> evaluators, SensorIndex next) {
        Map<String, SensorState> old = new HashMap<>();
        Map<String, AlarmLifecycle> oldOwner = new HashMap<>();
        for (AlarmEvaluator e : evaluators) {
            for (SensorState st : e.local()) {
                old.put(st.key(), st);
                oldOwner.put(st.key(), e.lifecycle());
            }
        }
        RuleSpecs specs = new RuleSpecs();
        Map<String, HazardSource> sources = AlarmEvaluator.hazardSources(next.sites());
        for (AlarmEvaluator e : evaluators) {
            SensorState[] fresh = new SensorState[next.size()];
            for (int id = 0; id < next.size(); id++) {
                if (next.shardOf(id) != e.shard()) continue;
                String site = next.siteOf(id);
                Sensor sensor = next.sensor(id);
                String key = site + "/" + sensor.tag();
                SensorState prev = old.remove(key);
                HazardSource source = sources.get(site + "/" + sensor.source());
                ResponsiblePersons persons = source == null ? ResponsiblePersons.NONE : source.responsible();
                int priority = source == null ? HazardSource.UNGRADED : source.priority();
                if (prev != null && prev.sensor.equals(sensor) && prev.responsible.equals(persons) && prev.priority == priority) {
                    fresh[id] = prev;
                } else {
                    SensorState st = new SensorState(site, sensor, source, specs);
                    if (prev != null) over(prev, st, oldOwner.get(key));
                    fresh[id] = st;
                }
            }
            e.bind(next, fresh);
        }
        for (Map.Entry<String, SensorState> gone : old.entrySet()) retireAll(gone.getValue(), oldOwner.get(gone.getKey()));
    }

    static void over(SensorState from, SensorState to, AlarmLifecycle lifecycle) {
        to.lastTs = from.lastTs;
        if (from.publishedTs() != Long.MIN_VALUE) {
            to.restoreLatest(from.publishedValue(), from.publishedQuality(), from.publishedTs(), from.publishedArrival());
        }
        if (to.flatlineSamples > 0 && from.flatlineSamples > 0) {
            to.flatRef = from.flatRef;
            to.flatCount = from.flatCount;
        }
        to.risePrev = from.risePrev;
        to.rises = from.rises;
        for (TrendWindow w : from.distinctWindows) {
            for (TrendWindow n : to.distinctWindows) {
                if (n.bucketMs == w.bucketMs && n.ring == w.ring) n.restore(w.newest(), w.buckets());
            }
        }
        Accumulator a = from.accumulator;
        if (a != null && to.accumulator != null && a.bucketMs == to.accumulator.bucketMs) {
            to.accumulator.restore(a.newest(), a.sums(), a.index(), a.recent());
        }
        for (int r = 0; r < from.slots.length; r++) {
            AlarmSlot slot = from.slots[r];
            if (slot == null) continue;
            int r2 = to.ruleIndex(from.rules[r].name);
            if (r2 < 0 || to.rules[r2].kind != from.rules[r].kind) {
                lifecycle.retire(from, r, slot, "its rule was removed by a configuration change");
                continue;
            }
            RuleSpec spec = to.rules[r2];
            int limits = spec.limits == null ? 1 : spec.limits.levels.length;
            if (slot.level >= limits) slot.level = limits - 1;
            if (slot.condition >= limits) slot.condition = limits - 1;
            slot.pendingTarget = AlarmSlot.NO_PENDING;
            int flap = spec.flapTransitions;
            if (flap == 0) {
                slot.transitions = null;
                slot.flapping = false;
            } else if (slot.transitions == null || slot.transitions.length != flap) {
                slot.transitions = new long[flap];
                slot.transitionHead = 0;
            }
            int ladder = spec.escalationMs[spec.level(Math.max(slot.level, 0))].length;
            if (slot.escalationStep > ladder) slot.escalationStep = ladder;
            to.slots[r2] = slot;
            if (slot.active()) to.activeSlots++;
        }
    }

    /** Ends every active alarm of a sensor that left the configuration. */
    static void retireAll(SensorState st, AlarmLifecycle lifecycle) {
        for (int r = 0; r < st.slots.length; r++) {
            AlarmSlot slot = st.slots[r];
            if (slot != null) lifecycle.retire(st, r, slot, "its sensor was removed from the configuration");
        }
    }
}
