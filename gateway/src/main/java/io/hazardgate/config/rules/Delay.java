package io.hazardgate.config.rules;

import java.time.Duration;

/**
 * How long a condition must hold before an alarm follows it: at least {@code samples} consecutive
 * readings and at least {@code duration} of reading time between the first and the last of them. An
 * on-delay filters a single spike; an off-delay keeps an alarm from clearing on one good reading.
 *
 * @param samples  consecutive readings, 1 = the reading itself suffices
 * @param duration reading time the condition must span, zero for none
 */
public record Delay(int samples, Duration duration) {
    /** No delay: the alarm follows the first reading. */
    public static final Delay NONE = new Delay(1, Duration.ZERO);

    public boolean isNone() { return samples <= 1 && duration.isZero(); }
}
