package io.hazardgate.simulator.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An alarm event as a control-room subscriber received it on {@code alarm/{site}/{source}/{tag}}
 * (docs/protocol.md), with the wall-clock time it arrived. Fields the event lacks are empty strings,
 * 0 or NaN, so that an event from a newer gateway still reads.
 *
 * @param arrivalMillis wall-clock time of arrival, epoch ms
 * @param escalatedTo   for an alarm escalated for want of an acknowledgement, the role and person it
 *                      names ({@code principal Wang Jian}); empty otherwise
 */
public record ObservedAlarm(String topic, String id, long seq, String site, String source, String tag, String rule, String limitName,
                            String kind, int level, String colour, String state, double value, double limit, String unit,
                            long readingTs, long eventTs, String message, long arrivalMillis, String escalatedTo) {

    static ObservedAlarm parse(String topic, JsonNode n, long arrivalMillis) {
        JsonNode esc = n.path("escalation");
        String escalatedTo = esc.isObject() ? (esc.path("role").asText("") + " " + esc.path("person").asText("")).trim() : "";
        return new ObservedAlarm(topic, n.path("id").asText(""), n.path("seq").asLong(0), n.path("site").asText(""),
                n.path("source").asText(""), n.path("tag").asText(""), n.path("rule").asText(""), n.path("limitName").asText(""),
                n.path("kind").asText(""), n.path("level").asInt(0), n.path("colour").asText(""), n.path("state").asText(""),
                n.path("value").isNumber() ? n.path("value").asDouble() : Double.NaN,
                n.path("limit").isNumber() ? n.path("limit").asDouble() : Double.NaN, n.path("unit").asText(""),
                n.path("readingTs").asLong(0), n.path("eventTs").asLong(0), n.path("message").asText(""), arrivalMillis, escalatedTo);
    }

    /**
     * {@code GT-101 threshold raised orange L1 (25.5 %LEL)}; a trend names its rule
     * ({@code GNSS-01 trend tangent_angle raised yellow (46.1 °)}), an escalation its person.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(tag).append(' ').append(kind);
        if (kind.equals("trend") && !rule.isEmpty()) sb.append(' ').append(rule);
        sb.append(' ').append(state);
        if (!colour.isEmpty()) sb.append(' ').append(colour);
        if (!limitName.isEmpty() && !limitName.equals(colour)) sb.append(' ').append(limitName);
        if (!Double.isNaN(value)) {
            sb.append(" (").append(Math.abs(value) < 1e12 ? BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                    : Double.toString(value));
            if (!unit.isEmpty()) sb.append(' ').append(unit);
            sb.append(')');
        }
        if (state.equals("ack_overdue") && !escalatedTo.isEmpty()) sb.append(" to the ").append(escalatedTo);
        return sb.toString();
    }
}
