package io.hazardgate.uplink;

/**
 * How one uplink is doing, for {@code /ready}, the API and logs.
 *
 * @param state        {@code live} (the platform takes what it is sent), {@code retrying} (it cannot be
 *                     reached or is failing: retried with backoff), {@code paused} (it refused the key or
 *                     a message: the data waits until someone fixes it) or {@code stopped}
 * @param lagRecords   durable records the platform does not have yet
 * @param lagSeconds   how long the oldest of them has waited
 * @param lastError    the last failure, empty when the last delivery succeeded
 * @param lastSentAt   when the platform last took a message, epoch ms; 0 for never
 */
public record UplinkStatus(String name, String kind, String target, String state, long lagRecords, double lagSeconds,
                           String lastError, long lastSentAt, long messagesSent, long readingsSent) {}
