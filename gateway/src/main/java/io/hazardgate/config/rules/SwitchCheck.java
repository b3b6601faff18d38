package io.hazardgate.config.rules;

import java.time.Duration;

/**
 * A level switch checked against the continuous transmitter of the same vessel (GB 50074 §15.1: the
 * HH/LL switch is its own instrument). They disagree when the switch is tripped while the transmitter
 * reads clearly short of the switch's set-point, or the transmitter reads clearly past it while the
 * switch is not tripped: one of the two instruments is wrong. That raises a {@code disagree} fault once
 * it has lasted {@code duration}.
 *
 * @param transmitter the tag of the continuous transmitter
 * @param setpoint    where the switch trips, in the transmitter's unit
 * @param tolerance   how far past the set-point counts as clearly, in the transmitter's unit
 * @param direction   {@code HIGH} for a high (H/HH) switch, {@code LOW} for a low one
 */
public record SwitchCheck(String transmitter, double setpoint, double tolerance, Direction direction, Duration duration) {}
