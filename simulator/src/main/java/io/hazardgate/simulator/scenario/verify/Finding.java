package io.hazardgate.simulator.scenario.verify;

/**
 * One line of a verification: an expectation and what came of it, or an event nobody expected.
 *
 * @param offsetMillis scenario time the line is about (the event's cause, or the expectation's anchor)
 * @param what         the expectation or the event, described
 * @param detail       why the outcome is what it is
 */
public record Finding(Outcome outcome, long offsetMillis, String what, String detail) {
    /** What came of an expectation or an event; only some outcomes fail the scenario. */
    public enum Outcome {
        OK(false), LATE(true), MISSING(true), UNEXPECTED(true), FORBIDDEN(true), TOLERATED(false), SKIPPED(false);

        private final boolean fails;

        Outcome(boolean fails) {
            this.fails = fails;
        }

        public boolean fails() {
            return fails;
        }
    }
}
