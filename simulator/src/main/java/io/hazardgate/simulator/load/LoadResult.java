package io.hazardgate.simulator.load;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured.
 *
 * @param publishSeconds   from the start to the last publish
 * @param ackSeconds       from the start to the last acknowledgement
 * @param unacknowledged   still in flight when the run gave up waiting
 * @param ackLatency       publish→acknowledgement latency, microseconds
 * @param received         messages the counting subscriber received; -1 without one
 * @param deliveryLatency  publish→arrival at the subscriber, microseconds at millisecond resolution; null without one
 * @param receiveSeconds   from the start to the subscriber's last arrival; 0 without one
 * @param alarms           end-to-end alarm latency; null without {@code --alarm-every}
 */
public record LoadResult(LoadSettings settings, long startedAtMillis, double publishSeconds, double ackSeconds, long published,
                         long acked, long failed, long refused, long connectionsLost, long unacknowledged, List<LoadSample> samples,
                         Histogram ackLatency, long received, Histogram deliveryLatency, double receiveSeconds, AlarmLatency alarms) {

    public long readingsPublished() {
        return published * settings.readingsPerMessage();
    }

    public long readingsAcked() {
        return acked * settings.readingsPerMessage();
    }

    public double publishedPerSecond() {
        return publishSeconds > 0 ? published / publishSeconds : 0;
    }

    public double ackedPerSecond() {
        return ackSeconds > 0 ? acked / ackSeconds : 0;
    }

    /** Messages per second from the start until the subscriber's last arrival: what the broker relayed end to end. */
    public double receivedPerSecond() {
        return receiveSeconds > 0 ? received / receiveSeconds : 0;
    }

    public long errors() {
        return failed + refused;
    }

    public boolean hasSubscriber() {
        return received >= 0;
    }
}
