package io.hazardgate.simulator.scenario;

/**
 * An alarm event the gateway must publish: on {@code tag}, of {@code kind}, reaching {@code state}
 * (and, when given, from {@code rule}, with {@code colour} and limit), caused within
 * {@code withinMillis} of {@code after}.
 *
 * @param field   where it is in the file, e.g. {@code expect[2]}
 * @param rule    the event's {@code rule} (a trend rule's name such as {@code tangent_angle}), or
 *                {@code null} when any will do
 * @param colour  {@code null} when any colour will do
 * @param limit   the event's {@code limitName}, or {@code null} when any will do
 * @param summed  whether the gateway judges the point on the sum of its readings over a window (a rain
 *                gauge's 24 h accumulation)
 */
public record AlarmExpectation(String field, String site, String tag, String kind, String rule, String state, String colour, String limit,
                               TimeRef after, long withinMillis, boolean summed) {

    public long windowEnd() {
        return after.offsetMillis() + withinMillis;
    }

    /**
     * Whether the gateway makes this transition by its own clock rather than because of a reading or an
     * operator: escalation of an unacknowledged alarm ({@code ack_overdue}), the end of flapping
     * ({@code settled}), and a point judged silent ({@code no_data} raised, unless for a logger that went
     * {@code offline}, which its will reports at once). Only a gateway whose clock keeps the plant's pace
     * can be held to these at a speed other than 1.
     */
    public boolean judgedOnGatewayClock() {
        return state.equals(AlarmKinds.ACK_OVERDUE) || state.equals(AlarmKinds.SETTLED)
                || kind.equals(AlarmKinds.NO_DATA) && state.equals(AlarmKinds.RAISED) && !AlarmKinds.OFFLINE.equals(limit);
    }

    /**
     * Whether the gateway judges this over a window of reading timestamps: a trend's slope, or the sum of
     * an accumulating point's increments. Only messages stamped with plant time (or a speed of 1) keep
     * those windows to the plant's time.
     */
    public boolean judgedOverReadingTimestamps() {
        return kind.equals(AlarmKinds.TREND) || kind.equals(AlarmKinds.THRESHOLD) && summed;
    }

    /** {@code GT-101 threshold raised orange L1}, {@code GNSS-01 trend tangent_angle raised yellow}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(tag).append(' ').append(kind);
        if (rule != null) sb.append(' ').append(rule);
        sb.append(' ').append(state);
        if (colour != null) sb.append(' ').append(colour);
        if (limit != null && !limit.equals(colour)) sb.append(' ').append(limit);
        return sb.toString();
    }
}
