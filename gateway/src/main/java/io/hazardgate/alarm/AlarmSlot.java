package io.hazardgate.alarm;

/**
 * The live state of one (sensor, rule) alarm; owned by the sensor's shard thread. Created the first
 * time the rule's condition leaves normal, and kept afterwards, so steady operation allocates nothing.
 */
final class AlarmSlot {
    static final int NO_PENDING = Integer.MIN_VALUE;

    /** Index of the limit in force (0 for no-data and faults), -1 when the alarm is not active. */
    int level = -1;
    /** The current occurrence's id; after clearing, the id of the last one. */
    String id;
    /** The occurrence before {@link #id}, so acknowledging it can be answered "cleared" rather than "unknown". */
    String previousId;
    long seq;
    long raisedTs;
    /** Millisecond part of the last id, so ids stay unique even when raised twice in one millisecond. */
    long idTs;
    /** For no-data and faults: the cause named as the event's limit name. */
    String cause = "";

    /** An on- or off-delay in progress: the level waiting to be taken, how many readings, since when. */
    int pendingTarget = NO_PENDING;
    int pendingCount;
    long pendingSince;

    /** What the newest reading says (the raw condition), and since when (gateway time) it says so. */
    int condition = -1;
    long conditionSince;
    double lastValue = Double.NaN;
    long lastReadingTs;

    Acknowledgement ack;
    boolean flapping;
    /** Gateway times of the latest transitions, a ring as long as the flapping limit. */
    long[] transitions;
    int transitionHead;
    int escalationStep;
    /** The role the latest escalation step named, and that step's time after the raise; null before the first. */
    String escalationRole;
    long escalationAfterMs;

    AlarmSlot(int flapTransitions) {
        if (flapTransitions > 0) transitions = new long[flapTransitions];
    }

    boolean active() { return level >= 0; }

    /** Records a transition at {@code now} and returns how many fell within the last {@code windowMs}, this one included. */
    int recordTransition(long now, long windowMs) {
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
