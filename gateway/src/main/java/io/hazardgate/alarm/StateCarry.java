package io.hazardgate.alarm;

/**
 * Carries a sensor's state into the new state a configuration reload built for it: its newest reading,
 * windows of the same shape, counters, and each alarm whose rule (by name and kind) is still configured.
 * An alarm whose rule is gone ends with a "cleared" event. The next reading then judges the alarm by the
 * new limits (escalating, deescalating or clearing as they say).
 */
final class StateCarry {
    private StateCarry() {}

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
            if (slot.escalationStep > spec.escalationMs.length) slot.escalationStep = spec.escalationMs.length;
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
