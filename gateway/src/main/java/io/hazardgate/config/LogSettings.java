package io.hazardgate.config;

import java.time.Duration;

/**
 * The durable ingest log under {@code <dataDir>/log}.
 *
 * @param fsync         when writes are forced to the device
 * @param fsyncInterval how often the log fsyncs under {@link FsyncPolicy#INTERVAL}
 * @param maxBytes      disk budget of the log; once reached publishers are paused (never dropped) until
 *                      the store catches up and shipped segments can be deleted
 * @param maxAge        how long segments already shipped to the store are kept; segments not yet shipped
 *                      are never deleted
 */
public record LogSettings(FsyncPolicy fsync, Duration fsyncInterval, long maxBytes, Duration maxAge) {
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);
    /** 8 GiB: at a thousand readings a second, about three days of store outage. */
    public static final long DEFAULT_MAX_BYTES = 8L << 30;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** A budget below this would not hold even a couple of segments. */
    public static final long MIN_MAX_BYTES = 64L << 20;

    public static final LogSettings DEFAULTS =
            new LogSettings(FsyncPolicy.EVERY_BATCH, DEFAULT_FSYNC_INTERVAL, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE);
}
