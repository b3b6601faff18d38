package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;
import java.util.List;

/**
 * GB 39496-2020 §5.5.4: how warnings add up on a tailings dam, in two steps with the same counts.
 * <ul>
 *   <li>within one monitoring item (all its points of one type): 4 points at blue make the item yellow,
 *       3 at yellow make it orange, 2 at orange make it red;</li>
 *   <li>across the dam's monitoring items: 4 items at blue count as an item at yellow, 3 at yellow as one
 *       at orange, 2 at orange as one at red; the dam's warning is the highest so counted.</li>
 * </ul>
 * "At" counts points (items) at that level or higher (a yellow point is also past blue), and neither an
 * item nor the dam is ever below its highest point.
 */
public final class TailingsItems {
    static final int BLUE_FOR_YELLOW = 4;
    static final int YELLOW_FOR_ORANGE = 3;
    static final int ORANGE_FOR_RED = 2;
    static final String CLAUSE = "GB 39496 §5.5.4";

    private TailingsItems() {}

    /** @param atLeast points (or items) at each level or higher: [0] blue … [3] red */
    public static RiskColour itemColour(int[] atLeast) {
        int level = 0;
        for (int l = 4; l >= 1; l--) {
            if (atLeast[l - 1] > 0) {
                level = l;
                break;
            }
        }
        if (atLeast[0] >= BLUE_FOR_YELLOW) level = Math.max(level, 2);
        if (atLeast[1] >= YELLOW_FOR_ORANGE) level = Math.max(level, 3);
        if (atLeast[2] >= ORANGE_FOR_RED) level = 4;
        return RiskColour.ofLevel(level);
    }

    /** Items at each level or higher, by their colour after their own escalation. */
    static int[] itemsAtLeast(List<RiskState.ItemRisk> items) {
        int[] atLeast = new int[4];
        for (RiskState.ItemRisk it : items) {
            for (int k = 1; k <= it.colour().level(); k++) atLeast[k - 1]++;
        }
        return atLeast;
    }

    /** Why an escalated item has its colour, e.g. "4 surface_displacement points at blue or above (GB 39496 §5.5.4)". */
    static String why(String type, RiskColour item, int[] atLeast) {
        return counted(atLeast, item, type + " points", "");
    }

    /** Why the dam's items add up to its colour, e.g. "3 monitoring items at yellow or above make the dam orange (…)". */
    static String whyDam(RiskColour dam, int[] itemsAtLeast) {
        return counted(itemsAtLeast, dam, "monitoring items", " make the dam " + dam.wireName());
    }

    private static String counted(int[] atLeast, RiskColour colour, String what, String result) {
        return switch (colour) {
            case YELLOW -> atLeast[0] + " " + what + " at blue or above" + result + " (" + CLAUSE + ")";
            case ORANGE -> atLeast[1] + " " + what + " at yellow or above" + result + " (" + CLAUSE + ")";
            case RED -> atLeast[2] + " " + what + " at orange or above" + result + " (" + CLAUSE + ")";
            default -> "";
        };
    }
}
