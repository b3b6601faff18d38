package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;

/**
 * GB 39496-2020 §5.5 escalation within one monitoring item of a tailings dam: 4 points at blue make the
 * item yellow, 3 at yellow make it orange, 2 at orange make it red. "At" counts points at that level or
 * higher (a yellow point is also past blue), and the item is never below its highest point.
 */
public final class TailingsItems {
    static final int BLUE_POINTS_FOR_YELLOW = 4;
    static final int YELLOW_POINTS_FOR_ORANGE = 3;
    static final int ORANGE_POINTS_FOR_RED = 2;

    private TailingsItems() {}

    /** @param atLeast points at each level or higher: [0] blue … [3] red */
    public static RiskColour itemColour(int[] atLeast) {
        int level = 0;
        for (int l = 4; l >= 1; l--) {
            if (atLeast[l - 1] > 0) {
                level = l;
                break;
            }
        }
        if (atLeast[0] >= BLUE_POINTS_FOR_YELLOW) level = Math.max(level, 2);
        if (atLeast[1] >= YELLOW_POINTS_FOR_ORANGE) level = Math.max(level, 3);
        if (atLeast[2] >= ORANGE_POINTS_FOR_RED) level = 4;
        return RiskColour.ofLevel(level);
    }

    /** Why an escalated item has its colour, e.g. "4 displacement points at blue or above (GB 39496 §5.5)". */
    static String why(String type, RiskColour item, int[] atLeast) {
        return switch (item) {
            case YELLOW -> atLeast[0] + " " + type + " points at blue or above (GB 39496 §5.5)";
            case ORANGE -> atLeast[1] + " " + type + " points at yellow or above (GB 39496 §5.5)";
            case RED -> atLeast[2] + " " + type + " points at orange or above (GB 39496 §5.5)";
            default -> "";
        };
    }
}
