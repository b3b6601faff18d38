package io.hazardgate.record;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.HazardSource;

/**
 * One transition of one alarm, as published on {@code alarm/{site}/{source}/{tag}}, journaled and
 * stored. Each event carries the whole state of its alarm after the transition (level, acknowledgement,
 * flapping, escalation), so the latest event of an alarm is all a consumer needs.
 *
 * @param id         stable id of the alarm occurrence, the same from raised to cleared:
 *                   {@code site:tag:rule:raiseMillis}
 * @param seq        per-alarm sequence number, 1 for raised; consumers order and dedupe by (id, seq)
 * @param rule       the rule that owns the alarm, e.g. {@code high}, {@code low}, {@code rate},
 *                   {@code no_data}, {@code fault}
 * @param limitName  the limit in force, e.g. {@code HH}, {@code L2}, {@code red}; for no-data the cause
 *                   ({@code silent}, {@code offline}), for faults the fault ({@code quality}, {@code nan},
 *                   {@code range}, {@code flatline})
 * @param level      1 blue .. 4 red for hazards; 0 for no-data and faults, which are never a hazard colour
 * @param value      the value that caused the transition (NaN for transitions without one)
 * @param limit      the limit value in force (NaN when there is none)
 * @param readingTs  the timestamp of that reading, epoch ms
 * @param eventTs    when the gateway made the transition, epoch ms
 * @param raisedTs   when the occurrence was raised, epoch ms
 * @param ack        the acknowledgement, null while unacknowledged
 * @param flapping   whether the alarm is held active because it flaps
 * @param escalation the latest escalation to a responsible person, null when none
 * @param priority   the priority of the alarm's hazard source, 1 (most urgent) … 5: its GB 18218 grade
 *                   or dam class ({@link HazardSource#priority()})
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
        String message,
        long raisedTs,
        Acknowledgement ack,
        boolean flapping,
        Escalation escalation,
        int priority) {

    /** An event without acknowledgement, flapping or escalation, raised at {@code eventTs}, of an ungraded source. */
    public AlarmEvent(String id, long seq, String site, String source, String tag, String rule, String limitName,
                      AlarmKind kind, int level, AlarmState state, double value, double limit, String unit,
                      long readingTs, long eventTs, String message) {
        this(id, seq, site, source, tag, rule, limitName, kind, level, state, value, limit, unit, readingTs, eventTs,
                message, eventTs, null, false, null, HazardSource.UNGRADED);
    }

    /** The warning colour of a hazard alarm; {@link RiskColour#GREY} for no-data and faults. */
    public RiskColour colour() { return kind.isHazard() ? RiskColour.ofLevel(level) : RiskColour.GREY; }

    public boolean acknowledged() { return ack != null; }

    /** {@code alarm/{site}/{source}/{tag}}. */
    public String eventTopic() { return "alarm/" + site + "/" + source + "/" + tag; }

    /** {@code alarm-state/{site}/{source}/{tag}}, retained. */
    public String stateTopic() { return "alarm-state/" + site + "/" + source + "/" + tag; }

    public boolean isActive() { return state != AlarmState.CLEARED; }

    /** {@code site/tag}: the key of the alarm's sensor. */
    public String sensorKey() { return site + "/" + tag; }
}
