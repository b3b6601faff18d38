package io.hazardgate.simulator.scenario.verify;

import io.hazardgate.simulator.scenario.AlarmKinds;
import io.hazardgate.simulator.time.MessageTimestamps;
import io.hazardgate.simulator.time.TimeBase;
import io.hazardgate.simulator.watch.ObservedAlarm;
import io.hazardgate.simulator.watch.ObservedError;

/**
 * When, in scenario time (plant milliseconds since the scenario began), something the gateway sent was
 * caused. An alarm event a reading caused is timed by that reading ({@code readingTs}), so verification
 * judges the gateway's rules, not the machine's load, at any speed. An event no reading caused is timed
 * by the gateway's {@code eventTs}: a {@code no_data} alarm, an acknowledgement (the operator's act), an
 * escalation to a responsible person ({@code ack_overdue}) and the end of flapping ({@code settled}),
 * which the gateway's clock decides. A device error is timed by its arrival. {@link AlarmCauses} adds
 * that no event of an alarm is caused before the one it follows.
 *
 * @param start                    plant time at which the scenario began
 * @param stamps                   which clock the plant's message timestamps follow
 * @param gatewayClockFollowsPlant whether the gateway's own clock runs at plant time (an in-process
 *                                 gateway given the plant's clock) rather than the wall clock
 */
public record PlantTimes(TimeBase timeBase, long start, MessageTimestamps stamps, boolean gatewayClockFollowsPlant) {
    /** The cause of {@code a} alone, without regard to the events of its alarm before it. */
    public long causeOf(ObservedAlarm a) {
        if (causedByTheGateway(a) || a.readingTs() <= 0) return gatewayTime(a.eventTs());
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

    /**
     * Whether the gateway's clock keeps the plant's pace, so that what it decides by its clock (silence,
     * escalation, the end of flapping) happens at the plant times a scenario expects.
     */
    public boolean gatewayClockKeepsPace() {
        return gatewayClockFollowsPlant || timeBase.speed() == 1;
    }

    /**
     * Whether the messages' timestamps keep the plant's pace, so that what the gateway judges over a window
     * of reading timestamps (trends, a rain gauge's sum) covers the plant time a scenario expects.
     */
    public boolean timestampsKeepPace() {
        return stamps == MessageTimestamps.PLANT || timeBase.speed() == 1;
    }

    private static boolean causedByTheGateway(ObservedAlarm a) {
        return a.kind().equals(AlarmKinds.NO_DATA) || a.state().equals(AlarmKinds.ACKNOWLEDGED) || a.state().equals(AlarmKinds.ACK_OVERDUE)
                || a.state().equals(AlarmKinds.SETTLED);
    }

    private long gatewayTime(long ts) {
        return (gatewayClockFollowsPlant ? ts : timeBase.toPlant(ts)) - start;
    }
}
