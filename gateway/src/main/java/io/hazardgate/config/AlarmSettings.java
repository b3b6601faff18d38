package io.hazardgate.config;

import java.time.Duration;

/**
 * The alarm engine's files under {@code <dataDir>/alarm}.
 *
 * @param snapshotInterval how often each sensor's rule state (trend windows, delays, latches) is written.
 *                         A crash loses at most this much trend and delay progress; alarm lifecycles are
 *                         journalled as they happen and never lost. Shorter means more disk writes.
 */
public record AlarmSettings(Duration snapshotInterval) {
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_SNAPSHOT_INTERVAL = Duration.ofHours(1);

    public static final AlarmSettings DEFAULTS = new AlarmSettings(DEFAULT_SNAPSHOT_INTERVAL);
}
