package io.hazardgate.alarm.state;

import io.hazardgate.record.Quality;

/**
 * Sensor self-diagnosis on each reading (GB 39496 asks the system to detect sensor, logger, power and
 * communication faults; GB/T 50493 §5.1 keeps them apart from gas alarms). A reading is faulty when
 * the device marks it bad, sends no number, or sends a value outside the instrument's range (with the
 * NAMUR NE 43 margins), or a discrete point sends anything but 0 or 1; a point is stuck (flatline) when many consecutive readings do not change on a
 * signal where noise is expected.
 */
public final class Faults {
    public static final String QUALITY = "quality";
    public static final String NAN = "nan";
    public static final String RANGE = "range";
    public static final String FLATLINE = "flatline";
    /** A discrete point sent something other than 0 or 1. */
    public static final String STATE = "state";
    /** A level switch and its transmitter disagree (the limit name of the {@code disagree} rule). */
    public static final String DISAGREE = "disagree";

    private Faults() {}

    /** The fault this reading shows, or null; updates the point's flatline count. */
    public static String cause(SensorState st, double value, byte quality) {
        if (quality == Quality.BAD.code()) return QUALITY;
        if (!Double.isFinite(value)) return NAN;
        if (value < st.validLo || value > st.validHi) return RANGE;
        if (st.discrete && value != 0 && value != 1) return STATE;
        if (st.flatlineSamples > 0) {
            if (Math.abs(value - st.flatRef) <= st.flatlineTolerance) {
                if (st.flatCount < Integer.MAX_VALUE) st.flatCount++;
            } else {
                st.flatRef = value;
                st.flatCount = 1;
            }
            if (st.flatCount >= st.flatlineSamples) return FLATLINE;
        }
        return null;
    }
}
