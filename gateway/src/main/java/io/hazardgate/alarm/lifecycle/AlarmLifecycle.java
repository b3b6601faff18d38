package io.hazardgate.alarm.lifecycle;

import io.hazardgate.alarm.rules.RuleSpec;
import io.hazardgate.alarm.state.AlarmSlot;
import io.hazardgate.alarm.state.SensorState;
import io.hazardgate.config.site.ResponsiblePersons;
import io.hazardgate.record.Acknowledgement;
import io.hazardgate.record.AlarmEvent;
import io.hazardgate.record.AlarmState;
import io.hazardgate.record.Escalation;
import java.time.Clock;
import java.util.List;

/**
 * The lifecycle every rule's alarm follows, whatever computed its condition: on- and off-delays,
 * latching until acknowledged, flapping suppression, acknowledgement, escalation of unacknowledged
 * alarms, and the events that report each transition. Runs on the shard thread that owns the sensors;
 * allocates only when an alarm changes state.
 *
 * <p>The condition of a rule is a target: the index of the limit the newest reading is at (0 for
 * no-data and faults), or -1 for normal. The alarm follows its target subject to the rules below.
 */
public final class AlarmLifecycle {
    private final AlarmListener listener;
    private final Clock clock;
    /** Sensors with at least one active alarm: the shard's tick looks only at these. */
    final List<SensorState> watched;

    public AlarmLifecycle(AlarmListener listener, Clock clock, List<SensorState> watched) {
        this.listener = listener;
        this.clock = clock;
        this.watched = watched;
    }

    /**
     * Lets rule {@code r} of {@code st} follow {@code target} after a live reading (or a tick).
     *
     * @param cause for no-data and faults, the cause to name if this raises the alarm
     */
    public void follow(SensorState st, int r, int target, double value, long ts, long now, String cause) {
        AlarmSlot slot = st.slots[r];
        if (slot == null) {
            if (target < 0) return; // normal, as it always was: the common case allocates nothing
            slot = st.slots[r] = new AlarmSlot(st.rules[r].flapTransitions);
        }
        RuleSpec spec = st.rules[r];
        if (target != slot.condition) {
            slot.condition = target;
            slot.conditionSince = now;
        }
        if (slot.active() || target >= 0) {
            slot.lastValue = value;
            slot.lastReadingTs = ts;
        }
        int cur = slot.level;
        if (slot.flapping) {
            if (settle(st, r, slot, now)) return;
            if (target > cur) move(st, r, slot, target, value, ts, now, cause); // a flapping alarm still escalates
            return;
        }
        if (target == cur) {
            slot.pendingTarget = AlarmSlot.NO_PENDING;
            return;
        }
        boolean up = target > cur;
        int needSamples = up ? spec.onSamples : spec.offSamples;
        long needMs = up ? spec.onMs : spec.offMs;
        if (needSamples > 1 || needMs > 0) {
            boolean continuing = slot.pendingTarget != AlarmSlot.NO_PENDING && (slot.pendingTarget > cur) == up;
            if (!continuing) {
                slot.pendingTarget = target;
                slot.pendingCount = 1;
                slot.pendingSince = ts;
            } else {
                slot.pendingCount++;
                // the level that held throughout: the lowest on the way up, the highest on the way down
                slot.pendingTarget = up ? Math.min(slot.pendingTarget, target) : Math.max(slot.pendingTarget, target);
            }
            if (slot.pendingCount < needSamples || ts - slot.pendingSince < needMs) return;
            target = slot.pendingTarget;
            slot.pendingTarget = AlarmSlot.NO_PENDING;
        }
        // GB/T 50493: a latched alarm holds until acknowledged, even after the value is back
        if (!up && spec.latched && slot.ack == null) return;
        move(st, r, slot, target, value, ts, now, cause);
    }

    /**
     * Makes the transition from the slot's level to {@code target}, unless flapping suppression holds it.
     * {@code now} is the gateway time of its cause (the reading's arrival, the tick, the acknowledgement),
     * not the moment a busy shard gets to it: the alarm's times follow what happened, not the backlog.
     * Never earlier than the alarm's previous event (causes queued by different threads can arrive with
     * their times a little out of order), so each alarm's events keep their order in time.
     */
    private void move(SensorState st, int r, AlarmSlot slot, int target, double value, long ts, long now, String cause) {
        now = Math.max(now, slot.lastEventTs);
        RuleSpec spec = st.rules[r];
        int cur = slot.level;
        AlarmState state = cur < 0 ? AlarmState.RAISED
                : target < 0 ? AlarmState.CLEARED
                : target > cur ? AlarmState.ESCALATED : AlarmState.DEESCALATED;
        if (spec.flapping() && !slot.flapping
                && slot.recordTransition(now, spec.flapWindowMs) >= spec.flapTransitions) {
            slot.flapping = true;
            if (state == AlarmState.CLEARED || state == AlarmState.DEESCALATED) {
                slot.seq++;
                emit(st, r, slot, AlarmState.FLAPPING, cur, value, ts, now);
                return;
            }
        }
        if (state == AlarmState.RAISED) {
            slot.idTs = Math.max(now, slot.idTs + 1);
            slot.previousId = slot.id;
            slot.id = st.site + ":" + st.sensor.tag() + ":" + spec.name + ":" + slot.idTs;
            slot.seq = 0;
            slot.raisedTs = now;
            slot.ack = null;
            slot.escalationStep = 0;
            slot.escalationRole = null;
            slot.cause = cause == null ? "" : cause;
            if (st.activeSlots++ == 0) watched.add(st);
        } else if (state == AlarmState.ESCALATED) {
            slot.ack = null; // a higher level is a new condition that needs its own acknowledgement
            // ...and climbs its own colour's ladder from the start, counted from the raise: a yellow alarm
            // unacknowledged for 20 minutes that turns red reaches whoever red names by 20 minutes at once
            slot.escalationStep = 0;
        }
        slot.level = target;
        slot.seq++;
        slot.pendingTarget = AlarmSlot.NO_PENDING;
        if (state == AlarmState.CLEARED) {
            slot.flapping = false;
            if (--st.activeSlots == 0) watched.remove(st);
        }
        emit(st, r, slot, state, target < 0 ? cur : target, value, ts, now);
    }

    /**
     * Raises an active alarm to a higher level that time alone brought about (a bypass left on longer than
     * allowed), without waiting for a reading. Delays do not apply: the time is the delay.
     */
    public void promote(SensorState st, int r, AlarmSlot slot, int target, long now) {
        if (!slot.active() || target <= slot.level) return;
        if (target > slot.condition) {
            slot.condition = target;
            slot.conditionSince = now;
        }
        move(st, r, slot, target, slot.lastValue, slot.lastReadingTs, now, null);
    }

    /**
     * Ends flapping once the condition has stayed put for a whole window: the alarm clears or changes
     * level to what the condition says, or reports {@code settled}. Returns true when it settled.
     */
    public boolean settle(SensorState st, int r, AlarmSlot slot, long now) {
        RuleSpec spec = st.rules[r];
        if (!slot.flapping || now - slot.conditionSince < spec.flapWindowMs) return false;
        slot.flapping = false;
        int target = slot.condition;
        boolean held = target < slot.level && spec.latched && slot.ack == null;
        if (target == slot.level || held) {
            slot.seq++;
            emit(st, r, slot, AlarmState.SETTLED, slot.level, slot.lastValue, slot.lastReadingTs, now);
        } else {
            move(st, r, slot, target, slot.lastValue, slot.lastReadingTs, now, null);
        }
        return true;
    }

    /**
     * Acknowledges the slot's occurrence at {@code now} (when the operator asked); a latched alarm whose
     * condition is already lower follows it now.
     */
    public AckResult acknowledge(SensorState st, int r, AlarmSlot slot, String who, String comment, long now) {
        if (slot.ack != null) return AckResult.alreadyAcknowledged(slot.id, slot.ack);
        now = Math.max(now, slot.lastEventTs);
        slot.ack = new Acknowledgement(who, now, comment);
        slot.seq++;
        emit(st, r, slot, AlarmState.ACKNOWLEDGED, slot.level, slot.lastValue, slot.lastReadingTs, now);
        RuleSpec spec = st.rules[r];
        if (spec.latched && !slot.flapping && slot.condition < slot.level) {
            move(st, r, slot, slot.condition, slot.lastValue, slot.lastReadingTs, now, null);
        }
        return AckResult.acknowledged(slot.id, slot.ack);
    }

    /**
     * Escalates an unacknowledged alarm to the next person of its colour's ladder once its time has come.
     * A tick that comes late (after a restart, a clock step, a shard busy with a backlog) reports every step
     * that fell due meanwhile, one event each and in order, so that each person is named, the first first.
     * Each event carries the time its step fell due, however late the tick that noticed it (but never
     * before the alarm's previous event: an acknowledged alarm that escalates is overdue from then on).
     */
    public void escalate(SensorState st, int r, AlarmSlot slot, long now) {
        RuleSpec spec = st.rules[r];
        int level = spec.level(slot.level);
        long[] steps = spec.escalationMs[level];
        while (slot.escalationStep < steps.length && now - slot.raisedTs >= steps[slot.escalationStep]) {
            slot.escalationRole = spec.escalationRoles[level][slot.escalationStep];
            slot.escalationAfterMs = steps[slot.escalationStep];
            long due = slot.raisedTs + steps[slot.escalationStep]; // emit keeps it after the alarm's previous event
            slot.escalationStep++;
            slot.seq++;
            emit(st, r, slot, AlarmState.ACK_OVERDUE, slot.level, slot.lastValue, slot.lastReadingTs, due);
        }
    }

    /** Ends an occurrence whose rule or sensor left the configuration. */
    public void retire(SensorState st, int r, AlarmSlot slot, String why) {
        if (!slot.active()) return;
        int cur = slot.level;
        slot.level = -1;
        slot.seq++;
        slot.flapping = false;
        long now = clock.millis();
        RuleSpec spec = st.rules[r];
        listener.onEvent(new AlarmEvent(slot.id, slot.seq, st.site, st.sensor.source(), st.sensor.tag(), spec.name,
                limitName(spec, slot, cur), spec.kind, spec.level(cur), AlarmState.CLEARED, Double.NaN,
                limitValue(spec, cur), spec.unit, slot.lastReadingTs, now,
                st.sensor.tag() + " " + st.sensor.name() + ": " + spec.name + " alarm ended: " + why,
                slot.raisedTs, slot.ack, false, escalation(st, slot), st.priority));
    }

    private void emit(SensorState st, int r, AlarmSlot slot, AlarmState state, int shown, double value, long ts, long now) {
        RuleSpec spec = st.rules[r];
        now = Math.max(now, slot.lastEventTs);
        slot.lastEventTs = now;
        String message = AlarmText.message(st, spec, slot, state, shown, value);
        listener.onEvent(new AlarmEvent(slot.id, slot.seq, st.site, st.sensor.source(), st.sensor.tag(), spec.name,
                limitName(spec, slot, shown), spec.kind, spec.level(shown), state, value, limitValue(spec, shown),
                spec.unit, ts, now, message, slot.raisedTs, slot.ack, slot.flapping, escalation(st, slot), st.priority));
    }

    static String limitName(RuleSpec spec, AlarmSlot slot, int shown) {
        return spec.limits == null ? slot.cause : spec.limits.limitNames[shown];
    }

    static double limitValue(RuleSpec spec, int shown) {
        return spec.limits == null ? Double.NaN : spec.limits.values[shown];
    }

    /** The latest step the alarm escalated by, with the person its role names now; null before the first. */
    static Escalation escalation(SensorState st, AlarmSlot slot) {
        if (slot.escalationStep == 0 || slot.escalationRole == null) return null;
        ResponsiblePersons p = st.responsible;
        return new Escalation(slot.escalationStep, slot.escalationRole, p.person(slot.escalationRole));
    }
}
