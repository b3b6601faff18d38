package io.hazardgate.alarm.delivery;

import io.hazardgate.config.rules.RiskColour;
import io.hazardgate.record.AlarmEvent;

/**
 * Subscribes to what the alarm bus delivers (the control room's live stream). Called on the bus thread
 * after each event was journaled and published, in delivery order; must not block (hand off to your own
 * queue). A listener that throws is logged and kept.
 */
public interface AlarmBusListener {
    /** An alarm transition, including acknowledgements. */
    default void onAlarm(AlarmEvent event) {}

    /**
     * A hazard source's risk changed (colour, items or active-alarm count).
     *
     * @param previous the colour before; equal to {@code now.colour()} when only the count or items changed
     */
    default void onRisk(RiskState now, RiskColour previous) {}
}
