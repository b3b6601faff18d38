package io.hazardgate.config;

import java.time.Duration;

/**
 * What ingest accepts from data loggers.
 *
 * @param maxClockSkew how far ahead of the gateway's clock a reading's timestamp may be. A reading
 *                     further ahead is refused (and its logger gets a {@code clock_skew} fault): taken,
 *                     it would make every real reading of its point look late, so the point would
 *                     raise nothing until the real clock caught up. Loggers synchronised by NTP or
 *                     GPS are within seconds; a logger on local time sent as UTC is hours ahead.
 */
public record IngestSettings(Duration maxClockSkew) {
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Below this, ordinary jitter between a logger's clock and the gateway's would refuse good readings. */
    public static final Duration MIN_MAX_CLOCK_SKEW = Duration.ofSeconds(1);
    /** The most any setting allows, the limit of the first release. */
    public static final Duration MAX_MAX_CLOCK_SKEW = Duration.ofHours(24);

    public static final IngestSettings DEFAULTS = new IngestSettings(DEFAULT_MAX_CLOCK_SKEW);
}
