package io.hazardgate.simulator.inject;

import io.hazardgate.simulator.telemetry.Reading;

/**
 * Forces a point to a value over a plant-time window, e.g. a gas detector at 60 %LEL for a leak demo.
 * The forced value is sent as is, limits and range notwithstanding: that is the point of injecting it.
 *
 * @param site        the site, or {@code null} for the tag in whichever site has it
 * @param fromMillis  first plant time affected (inclusive)
 * @param untilMillis end of the window (exclusive); {@link Long#MAX_VALUE} for the rest of the run
 */
public record ForcedValue(String site, String tag, double value, long fromMillis, long untilMillis) implements PointEffect {
    @Override
    public Reading apply(String pointSite, Reading normal, long plantMillis) {
        if (!normal.tag().equals(tag) || (site != null && !site.equals(pointSite))) return normal;
        if (plantMillis < fromMillis || plantMillis >= untilMillis) return normal;
        return new Reading(normal.tag(), value, normal.ts(), normal.quality());
    }
}
