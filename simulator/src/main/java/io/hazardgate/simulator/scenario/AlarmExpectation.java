package io.hazardgate.simulator.scenario;

/**
 * An alarm event the gateway must publish: on {@code tag}, of {@code kind}, reaching {@code state}
 * (and, when given, {@code colour} and limit), caused within {@code withinMillis} of {@code after}.
 *
 * @param field   where it is in the file, e.g. {@code expect[2]}
 * @param colour  {@code null} when any colour will do
 * @param limit   the event's {@code limitName}, or {@code null} when any will do
 */
public record AlarmExpectation(String field, String site, String tag, String kind, String state, String colour, String limit,
                               TimeRef after, long withinMillis) {

    public long windowEnd() {
        return after.offsetMillis() + withinMillis;
    }

    /** {@code GT-101 threshold raised orange L1}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(tag).append(' ').append(kind).append(' ').append(state);
        if (colour != null) sb.append(' ').append(colour);
        if (limit != null && !limit.equals(colour)) sb.append(' ').append(limit);
        return sb.toString();
    }
}
