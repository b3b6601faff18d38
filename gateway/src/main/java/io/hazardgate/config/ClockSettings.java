package io.hazardgate.config;

import java.time.Duration;

/**
 * How the gateway watches its own clock ({@code clock} in gateway.yaml).
 *
 * @param ntpCheck  ask the operating system whether the clock is synchronised (timedatectl, chronyc)
 * @param maxJump   a step of the wall clock against the monotonic clock larger than this is a jump
 * @param jumpHold  how long a jump stays reported (on /ready and as an alarm) after it happened
 */
public record ClockSettings(boolean ntpCheck, Duration maxJump, Duration jumpHold) {
    public static final Duration DEFAULT_MAX_JUMP = Duration.ofSeconds(2);
    public static final Duration MIN_MAX_JUMP = Duration.ofMillis(100);
    public static final Duration MAX_MAX_JUMP = Duration.ofHours(1);
    public static final Duration DEFAULT_JUMP_HOLD = Duration.ofMinutes(10);
    public static final Duration MIN_JUMP_HOLD = Duration.ofMinutes(1);
    public static final Duration MAX_JUMP_HOLD = Duration.ofHours(24);

    public static final ClockSettings DEFAULTS = new ClockSettings(true, DEFAULT_MAX_JUMP, DEFAULT_JUMP_HOLD);
}
