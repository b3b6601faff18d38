package io.hazardgate.simulator.inject;

import io.hazardgate.simulator.telemetry.Reading;

/**
 * An incident acting on what points report: a forced value from the command line today; ramps,
 * flatlines and out-of-range faults from scenario timelines. Effects see each point's normal reading
 * and return the one to send; they run on the plant's single player thread.
 */
@FunctionalInterface
public interface PointEffect {
    /**
     * @param site        the point's site
     * @param normal      what the point would report in normal operation
     * @param plantMillis the plant time of the sample
     * @return the reading to send; {@code normal} itself when this effect does not touch the point now
     */
    Reading apply(String site, Reading normal, long plantMillis);

    /** No incident. */
    PointEffect NONE = (site, normal, t) -> normal;
}
