package io.hazardgate.simulator.time;

import java.util.Locale;

/**
 * Which clock the {@code ts} of a logger's messages follows.
 * <ul>
 *   <li>{@link #WALL}: the wall-clock time the sample is due. A gateway on its own clock sees a live
 *       plant at any speed: threshold and fault rules behave as in the field, but at speed x every
 *       slope over reading timestamps looks x times steeper and every period x times shorter.</li>
 *   <li>{@link #PLANT}: the plant time of the sample. Trend rules see the plant's real slopes; at speed x
 *       the timestamps run ahead of a gateway on the wall clock, which refuses readings further ahead than
 *       its {@code ingest.maxClockSkew} (5 minutes by default), so this suits a gateway whose clock
 *       follows plant time.</li>
 * </ul>
 */
public enum MessageTimestamps {
    WALL, PLANT;

    /** The {@code ts} of a message sampled at {@code plantMillis}. */
    public long stamp(long plantMillis, TimeBase timeBase) {
        return this == PLANT ? plantMillis : timeBase.toWall(plantMillis);
    }

    /**
     * How much of each plant period's increment a point whose readings the gateway sums over a window of
     * reading timestamps (a rain gauge) reports. With wall timestamps at speed x, that window holds x times
     * as much plant time: the point reports 1/x of each increment, so the sum the gateway judges is the
     * plant's rain per its own day (averaged over the x days), and a calm plant stays calm at any speed.
     */
    public double incrementShare(TimeBase timeBase) {
        return this == PLANT ? 1 : 1 / timeBase.speed();
    }

    public static MessageTimestamps parse(String s) {
        for (MessageTimestamps t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(s)) return t;
        }
        throw new IllegalArgumentException("must be wall or plant, got '" + s + "'");
    }
}
