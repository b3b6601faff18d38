package io.hazardgate.config.rules;

import java.time.Duration;
import java.util.List;

/**
 * Everything besides the threshold limits that decides a sensor's alarms: delays, trend rules,
 * no-data, fault detection, flapping suppression, escalation of unacknowledged alarms, and whether the
 * value is accumulated (rainfall) before the limits apply.
 *
 * @param escalation per colour, times after raising at which an unacknowledged alarm escalates to the
 *                   hazard source's responsible persons and supervisor; {@link EscalationPlan#OFF} for none
 * @param accumulate sliding window over which readings (increments) are summed before the threshold
 *                   limits apply, e.g. 24 h of rainfall; zero to judge each reading as it is
 * @param check      for a level switch, the transmitter it is checked against; null for none
 * @param maxBypass  for a bypass point, how long it may stay bypassed before its alarm escalates to the
 *                   {@code maxBypass} limit; zero for none
 */
public record AlarmRules(
        Delay onDelay,
        Delay offDelay,
        List<TrendRule> trends,
        NoDataRule noData,
        FlatlineRule flatline,
        FlappingRule flapping,
        EscalationPlan escalation,
        Duration accumulate,
        SwitchCheck check,
        Duration maxBypass) {

    /** The rules a sensor of {@code type} has when its file says nothing beyond its limits. */
    public static AlarmRules defaults(SensorType type) {
        return new AlarmRules(Delay.NONE, Delay.NONE, List.of(), NoDataRule.DEFAULT, FlatlineRule.OFF,
                FlappingRule.DEFAULT, EscalationPlan.DEFAULT, type.defaultAccumulation(), null, Duration.ZERO);
    }

    /** Whether the limits apply to the sum of the readings over {@link #accumulate()} (a rain gauge). */
    public boolean accumulates() { return !accumulate.isZero(); }
}
