package io.hazardgate.config;

import java.time.Duration;

/**
 * The alarm engine's files under {@code <dataDir>/alarm}, and its threads.
 *
 * @param snapshotInterval how often each sensor's rule state (trend windows, delays, latches) is written.
 *                         A crash loses at most this much trend and delay progress; alarm lifecycles are
 *                         journalled as they happen and never lost. Shorter means more disk writes.
 * @param realtimePriority the real-time priority (Linux SCHED_FIFO, 1 to 99) of the alarm shards and the
 *                         alarm bus, so an alarm does not wait for a core behind the store and the other
 *                         threads; 0 (the default) leaves them at normal priority. Needs CAP_SYS_NICE or
 *                         an RTPRIO limit at least this high; without, the gateway says so at start and
 *                         runs at normal priority.
 */
public record AlarmSettings(Duration snapshotInterval, int realtimePriority) {
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_SNAPSHOT_INTERVAL = Duration.ofHours(1);
    public static final int DEFAULT_REALTIME_PRIORITY = 0;
    public static final int MAX_REALTIME_PRIORITY = 99;

    public static final AlarmSettings DEFAULTS = new AlarmSettings(DEFAULT_SNAPSHOT_INTERVAL, DEFAULT_REALTIME_PRIORITY);

    public AlarmSettings(Duration snapshotInterval) {
        this(snapshotInterval, DEFAULT_REALTIME_PRIORITY);
    }
}
