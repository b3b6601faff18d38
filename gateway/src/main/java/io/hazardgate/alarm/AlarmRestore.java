package io.hazardgate.alarm;

import io.hazardgate.alarm.delivery.AlarmJournal;
import io.hazardgate.alarm.lifecycle.AlarmId;
import io.hazardgate.alarm.lifecycle.GatewayFaults;
import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.alarm.state.SensorStateCodec;
import io.hazardgate.alarm.state.TrendWindow;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts back what a previous run left (before the shards start): each sensor's snapshot, its reading-time
 * watermark from the journal (so a reading already judged is never judged again), then the active
 * alarms from the journal, which are newer than any snapshot. Alarms whose sensor or rule is no longer
 * configured come back as "cleared" events to publish once delivery starts.
 *
 * <p>A mark ahead of the clock by more than the allowed skew was left by a reading stamped in the future
 * that an earlier release took: kept, it would make every real reading of the point late. It is pulled
 * back (see {@link #repairFuture}).
 */
final class AlarmRestore {
    private static final Logger log = LoggerFactory.getLogger(AlarmRestore.class);

    private AlarmRestore() {}

    /**
     * @param maxSkewMs how far ahead of {@code now} a reading may be stamped (ingest.maxClockSkew)
     * @return events ending alarms that no longer have a rule
     */
    static List<AlarmEvent> restore(List<AlarmEvaluator> evaluators, Path snapshotDir, AlarmJournal.Recovered journal,
                                    long now, long maxSkewMs) throws IOException {
        Map<String, SensorState> byKey = new HashMap<>();
        for (AlarmEvaluator e : evaluators) {
            for (SensorState st : e.local()) byKey.put(st.key(), st);
        }
        if (snapshotDir != null) {
            StateSnapshots.read(snapshotDir, (key, payload) -> {
                SensorState st = byKey.get(key);
                if (st != null) SensorStateCodec.read(st, payload);
            });
        }
        for (Map.Entry<String, SensorState> e : byKey.entrySet()) {
            Long mark = journal.watermarks().get(e.getKey());
            if (mark != null && mark > e.getValue().lastTs) e.getValue().lastTs = mark;
        }
        List<String> repaired = new ArrayList<>();
        for (SensorState st : byKey.values()) {
            if (repairFuture(st, now + maxSkewMs)) repaired.add(st.key());
        }
        if (!repaired.isEmpty()) {
            repaired.sort(null);
            log.warn("{} sensors had readings stamped ahead of the clock in their saved state (taken by an earlier "
                    + "release); those are forgotten so real readings are judged again: {}", repaired.size(),
                    repaired.size() <= 20 ? repaired : repaired.subList(0, 20) + " ...");
        }
        List<AlarmEvent> orphans = new ArrayList<>();
        for (AlarmEvent ev : journal.active().values()) {
            if (ev.site().equals(GatewayFaults.SITE)) continue; // the gateway's own faults: GatewayFaults
            SensorState st = byKey.get(ev.sensorKey());
            int r = st == null ? -1 : st.ruleIndex(ev.rule());
            int level = r < 0 || st.rules[r].kind != ev.kind() ? -1 : levelIndex(st.rules[r], ev);
            if (level < 0) {
                orphans.add(ended(ev, now, st == null ? "its sensor is no longer configured" : "its rule is no longer configured"));
                continue;
            }
            AlarmSlot slot = st.slots[r];
            if (slot == null) {
                slot = st.slots[r] = new AlarmSlot(st.rules[r].flapTransitions);
                slot.condition = level;
                slot.conditionSince = now;
            }
            slot.level = level;
            slot.id = ev.id();
            slot.seq = ev.seq();
            slot.raisedTs = ev.raisedTs();
            slot.lastEventTs = Math.max(ev.eventTs(), now); // what fell due while the gateway was down is reported from its start
            AlarmId id = AlarmId.parse(ev.id());
            if (id != null) slot.idTs = Math.max(slot.idTs, id.raisedMillis());
            slot.ack = ev.ack();
            slot.flapping = ev.flapping();
            slot.escalationStep = ev.escalation() == null ? 0 : ev.escalation().step();
            slot.escalationRole = ev.escalation() == null ? null : ev.escalation().role();
            slot.cause = st.rules[r].limits == null ? ev.limitName() : "";
            slot.lastValue = ev.value();
            slot.lastReadingTs = ev.readingTs();
            slot.pendingTarget = AlarmSlot.NO_PENDING;
            st.activeSlots++;
        }
        for (AlarmEvaluator e : evaluators) e.bind(e.index(), e.states());
        return orphans;
    }

    /**
     * Pulls back what a reading stamped after {@code limit} left in a sensor's state: the newest-reading
     * mark (forgotten, so the next reading in order is judged), the published latest reading, trend and
     * accumulation buckets after it, and delays counting from it. Active alarms it raised stay active and
     * take their course on real readings. @return whether anything was pulled back
     */
    static boolean repairFuture(SensorState st, long limit) {
        boolean repaired = false;
        if (st.lastTs > limit) {
            st.lastTs = Long.MIN_VALUE;
            repaired = true;
        }
        if (st.publishedTs() != Long.MIN_VALUE && st.publishedTs() > limit) {
            st.restoreLatest(Double.NaN, (byte) 0, Long.MIN_VALUE, 0);
            repaired = true;
        }
        for (TrendWindow w : st.distinctWindows) repaired |= w.dropAfter(limit);
        if (st.accumulator != null) repaired |= st.accumulator.dropAfter(limit);
        for (AlarmSlot slot : st.slots) {
            if (slot != null && slot.pendingTarget != AlarmSlot.NO_PENDING && slot.pendingSince > limit) {
                slot.pendingTarget = AlarmSlot.NO_PENDING;
                repaired = true;
            }
        }
        return repaired;
    }

    /** The limit index an event's level stands for under the current rule: by name, else by level; -1 if gone. */
    static int levelIndex(RuleSpec spec, AlarmEvent ev) {
        if (spec.limits == null) return 0;
        for (int i = 0; i < spec.limits.limitNames.length; i++) {
            if (spec.limits.limitNames[i].equals(ev.limitName())) return i;
        }
        for (int i = 0; i < spec.limits.levels.length; i++) {
            if (spec.limits.levels[i] == ev.level()) return i;
        }
        return -1;
    }

    static AlarmEvent ended(AlarmEvent ev, long now, String why) {
        return new AlarmEvent(ev.id(), ev.seq() + 1, ev.site(), ev.source(), ev.tag(), ev.rule(), ev.limitName(), ev.kind(),
                ev.level(), AlarmState.CLEARED, Double.NaN, ev.limit(), ev.unit(), ev.readingTs(), now,
                ev.tag() + ": " + ev.rule() + " alarm ended: " + why, ev.raisedTs(), ev.ack(), false, ev.escalation(), ev.priority());
    }
}
