package io.hazardgate.alarm;

import io.hazardgate.config.RiskColour;

/**
 * One transition of one alarm, as published on {@code alarm/{site}/{source}/{tag}} and stored.
 *
 * @param id        stable id of the alarm occurrence, the same from raised to cleared
 * @param seq       per-alarm sequence number, 1 for raised; consumers order and dedupe by (id, seq)
 * @param rule      the rule that owns the alarm, e.g. {@code high}, {@code low}
 * @param limitName the limit in force, e.g. {@code HH}, {@code L2}, {@code red}
 * @param level     1 blue .. 4 red
 * @param value     the reading that caused the transition (NaN for transitions without one)
 * @param limit     the limit value in force
 * @param readingTs the timestamp of that reading, epoch ms
 * @param eventTs   when the gateway made the transition, epoch ms
 */
public record AlarmEvent(
        String id,
        long seq,
        String site,
        String source,
        String tag,
        String rule,
        String limitName,
        AlarmKind kind,
        int level,
        AlarmState state,
        double value,
        double limit,
        String unit,
        long readingTs,
        long eventTs,
        String message) {

    public RiskColour colour() { return RiskColour.ofLevel(level); }

    /** {@code alarm/{site}/{source}/{tag}}. */
    public String eventTopic() { return "alarm/" + site + "/" + source + "/" + tag; }

    /** {@code alarm-state/{site}/{source}/{tag}}, retained. */
    public String stateTopic() { return "alarm-state/" + site + "/" + source + "/" + tag; }

    public boolean isActive() { return state != AlarmState.CLEARED; }
}
