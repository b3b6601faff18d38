package io.hazardgate.alarm.state;

import io.hazardgate.record.Quality;

/**
 * The newest reading of a sensor that the engine evaluated.
 *
 * @param value      NaN when the device sent no number
 * @param ts         the reading's own timestamp, epoch ms
 * @param receivedAt when the gateway received it, epoch ms
 */
public record LatestReading(double value, Quality quality, long ts, long receivedAt) {}
