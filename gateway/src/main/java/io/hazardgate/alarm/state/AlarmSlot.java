package io.hazardgate.alarm.state;

import io.hazardgate.record.Acknowledgement;

/**
 * The live state of one (sensor, rule) alarm; owned by the sensor's shard thread. Created the first
 * time the rule's condition leaves normal, and kept afterwards, so steady operation allocates nothing.
 */
public final class AlarmSlot {
    public static final int NO_PENDING = Integer.MIN_VALUE;

    /** Index of the limit in force (0 for no-data and faults), -1 when the alarm is not active. */
    public int level = -1;
    /** The current occurrence's id; after clearing, the id of the last one. */
    public String id;
    /** The occurrence before {@link #id}, so acknowledging it can be answered "cleared" rather than "unknown". */
    public String previousId;
    public long seq;
    public long raisedTs;
    /** Gateway time of the latest event of this alarm (or of the gateway's start): none after it is stamped earlier. */
    public long lastEventTs;
    /** Millisecond part of the last id, so ids stay unique even when raised twice in one millisecond. */
    public long idTs;
    /** For no-data and faults: the cause named as the event's limit name. */
    public String cause = "";

    /** An on- or off-delay in progress: the level waiting to be taken, how many readings, since when. */
    public int pendingTarget = NO_PENDING;
    public int pendingCount;
    public long pendingSince;

    /** What the newest reading says (the raw condition), and since when (gateway time) it says so. */
    public int condition = -1;
    public long conditionSince;
    public double lastValue = Double.NaN;
    public long lastReadingTs;

    public Acknowledgement ack;
    public boolean flapping;
    /** Gateway times of the latest transitions, a ring as long as the flapping limit. */
    public long[] transitions;
    public int transitionHead;
    public int escalationStep;
    /** The role the latest escalation step named, and that step's time after the raise; null before the first. */
    public String escalationRole;
    public long escalationAfterMs;

    public AlarmSlot(int flapTransitions) {
        if (flapTransitions > 0) transitions = new long[flapTransitions];
    }

    public boolean active() { return level >= 0; }

    /** Records a transition at {@code now} and returns how many fell within the last {@code windowMs}, this one included. */
    public int recordTransition(long now, long windowMs) {
        if (transitions == null) return 1;
        transitions[transitionHead] = now;
        transitionHead = (transitionHead + 1) % transitions.length;
        int n = 0;
        for (long t : transitions) {
            if (t != 0 && now - t < windowMs) n++;
        }
        return n;
    }
}
