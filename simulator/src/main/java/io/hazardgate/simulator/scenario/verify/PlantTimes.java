package io.hazardgate.simulator.scenario.verify;

import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;

/**
 * When, in scenario time (plant milliseconds since the scenario began), something the gateway sent was
 * caused. An alarm event is timed by the reading that caused it ({@code readingTs}), so verification
 * judges the gateway's rules, not the machine's load, at any speed; an event no reading caused
 * ({@code no_data}) by the gateway's {@code eventTs}; a device error by its arrival.
 *
 * @param start                    plant time at which the scenario began
 * @param stamps                   which clock the plant's message timestamps follow
 * @param gatewayClockFollowsPlant whether the gateway's own clock runs at plant time (an in-process
 *                                 gateway given the plant's clock) rather than the wall clock
 */
public record PlantTimes(TimeBase timeBase, long start, MessageTimestamps stamps, boolean gatewayClockFollowsPlant) {
    public long causeOf(ObservedAlarm a) {
        if (AlarmKinds.NO_DATA.equals(a.kind()) || a.readingTs() <= 0) return gatewayTime(a.eventTs());
        return (stamps == MessageTimestamps.PLANT ? a.readingTs() : timeBase.toPlant(a.readingTs())) - start;
    }

    public long of(ObservedError e) {
        return timeBase.toPlant(e.arrivalMillis()) - start;
    }

    /** Delivery delay on the wall clock: from the gateway's transition to our receipt. */
    public long deliveryMillis(ObservedAlarm a) {
        long eventWall = gatewayClockFollowsPlant ? timeBase.toWall(a.eventTs()) : a.eventTs();
        return a.arrivalMillis() - eventWall;
    }

    private long gatewayTime(long ts) {
        return (gatewayClockFollowsPlant ? ts : timeBase.toPlant(ts)) - start;
    }
}
