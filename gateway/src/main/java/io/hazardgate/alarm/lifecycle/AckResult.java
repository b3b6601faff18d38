package io.hazardgate.alarm.lifecycle;

import io.hazardgate.record.Acknowledgement;

/**
 * The answer to an acknowledgement.
 *
 * @param ack the acknowledgement in force (the earlier one for {@link Outcome#ALREADY_ACKNOWLEDGED}),
 *            null when nothing was acknowledged
 */
public record AckResult(Outcome outcome, String alarmId, Acknowledgement ack, String message) {
    /** What happened. */
    public enum Outcome {
        /** Acknowledged now; an {@code acknowledged} event was published and journaled. */
        ACKNOWLEDGED,
        /** Someone acknowledged this occurrence before; {@link #ack()} says who and when. */
        ALREADY_ACKNOWLEDGED,
        /** The occurrence has cleared: there is nothing left to acknowledge. */
        NOT_ACTIVE,
        /** No alarm has this id (never raised here, or its sensor or rule is no longer configured). */
        UNKNOWN_ALARM,
        /** The request itself is wrong (no operator named, text too long); {@link #message()} says how. */
        INVALID
    }

    static AckResult acknowledged(String id, Acknowledgement ack) {
        return new AckResult(Outcome.ACKNOWLEDGED, id, ack, "acknowledged");
    }

    static AckResult alreadyAcknowledged(String id, Acknowledgement ack) {
        return new AckResult(Outcome.ALREADY_ACKNOWLEDGED, id, ack, "already acknowledged by " + ack.by());
    }

    public static AckResult notActive(String id) {
        return new AckResult(Outcome.NOT_ACTIVE, id, null, "alarm " + id + " has cleared");
    }

    public static AckResult unknown(String id) {
        return new AckResult(Outcome.UNKNOWN_ALARM, id, null, "no alarm with id " + id);
    }

    public static AckResult invalid(String id, String why) {
        return new AckResult(Outcome.INVALID, id, null, why);
    }
}
