package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.config.site.HazardSource;
import java.util.List;

/**
 * A hazard source's colour and what makes it so, as published retained on {@code risk/{site}/{source}}.
 *
 * @param activeAlarms active hazard alarms (threshold and trend) of its points
 * @param items        for a tailings dam, its monitoring items (the points of one type), each escalated by
 *                     GB 39496 §5.5; empty for other hazard sources
 * @param cause        why the colour is what it is, in words ("" when green)
 */
public record RiskState(String site, HazardSource source, RiskColour colour, int activeAlarms, List<ItemRisk> items,
                        String cause) {

    /**
     * The colour of one tailings monitoring item.
     *
     * @param type        sensor type of the item, e.g. {@code displacement}
     * @param colour      the item's colour after escalation
     * @param pointColour the highest colour among its points
     * @param points      points of the item at each level or above: [0] blue or above … [3] red
     */
    public record ItemRisk(String type, RiskColour colour, RiskColour pointColour, int[] points) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ItemRisk i && type.equals(i.type) && colour == i.colour && pointColour == i.pointColour
                    && java.util.Arrays.equals(points, i.points);
        }

        @Override
        public int hashCode() { return type.hashCode() * 31 + colour.hashCode(); }

        public boolean escalated() { return colour.level() > pointColour.level(); }
    }

    public String topic() { return "risk/" + site + "/" + source.id(); }

    /** {@code risk-event/{site}/{source}}: one message per colour change. */
    public String eventTopic() { return "risk-event/" + site + "/" + source.id(); }
}
