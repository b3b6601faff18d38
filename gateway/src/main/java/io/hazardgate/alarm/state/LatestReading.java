package io.hazardgate.alarm.state;

import io.hazardgate.record.Quality;

/**
 * The newest reading of a sensor that the engine evaluated.
 *
 * @param value      NaN when the device sent no number
 * @param ts         the reading's own timestamp, epoch ms
 * @param receivedAt when the gateway received it, epoch ms
 * @param judged     what the rules judge when that is not the reading itself: a rain gauge's sum over its
 *                   accumulation window (24 h); NaN for every other point
 */
public record LatestReading(double value, Quality quality, long ts, long receivedAt, double judged) {
    public LatestReading(double value, Quality quality, long ts, long receivedAt) {
        this(value, quality, ts, receivedAt, Double.NaN);
    }
}
