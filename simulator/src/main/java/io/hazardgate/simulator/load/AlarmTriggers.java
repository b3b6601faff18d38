package io.hazardgate.simulator.load;

import java.util.Arrays;

/**
 * Decides which messages of one load client carry a reading over the load points' limit: every
 * {@code every}-th message puts {@value #TRIGGER_VALUE} (above the limit of 90 that gen-load-config
 * gives every point) in its first reading, and the next message carrying that point, with an ordinary
 * value, clears the alarm again. A point whose alarm has not been cleared yet is not triggered again, so
 * every trigger raises a fresh alarm; and every point's first message carries an ordinary value, which
 * clears an alarm an earlier run may have left raised. Each client counts from its own offset into the
 * cycle, so that loggers started together and publishing at one rate do not all go over their limits in
 * the same instant: the load's alarms come evenly spread, as in a plant, not as one flood every cycle.
 * Used by the client's publishing thread only.
 */
final class AlarmTriggers {
    static final double TRIGGER_VALUE = 95;
    static final int TRIGGER_THOUSANDTHS = (int) (TRIGGER_VALUE * 1000);

    private final AlarmLatencyProbe probe;
    private final int every;
    private final int offset;
    private final int windows;
    private final LoadNaming naming;
    /** Per (device turn, window): its first point's alarm may be raised and is not yet cleared. */
    private final boolean[] active;

    /** @param offset where in the cycle of {@code every} messages this client starts counting */
    AlarmTriggers(AlarmLatencyProbe probe, int every, int offset, int devices, int windows, LoadNaming naming) {
        this.probe = probe;
        this.every = every;
        this.offset = offset;
        this.windows = windows;
        this.naming = naming;
        this.active = new boolean[devices * windows];
        Arrays.fill(active, true); // unknown until each point's first, ordinary, message
    }

    /**
     * @param sent        messages this client has published so far
     * @param turn        index of the device among this client's devices
     * @param device      the device's global 0-based index
     * @param firstSensor 0-based index of the message's first point
     * @return the tag this message triggers, or {@code null} for an ordinary message
     */
    String next(long sent, int turn, int device, int window, int firstSensor) {
        int i = turn * windows + window;
        if (active[i]) {
            active[i] = false; // this message's ordinary value clears it
            return null;
        }
        if ((sent + offset) % every != 0) return null;
        active[i] = true;
        return naming.tag(device, firstSensor);
    }

    void published(String tag, long ts, long publishNanos) {
        probe.triggered(tag, ts, publishNanos);
    }

    void refused(String tag, long ts, int turn, int window) {
        probe.cancelled(tag, ts);
        active[turn * windows + window] = false;
    }
}
