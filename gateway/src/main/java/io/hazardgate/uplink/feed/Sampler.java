package io.hazardgate.uplink.feed;

import io.hazardgate.config.uplink.RealtimePolicy;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides, reading by reading in log order, which readings an uplink sends (its {@link RealtimePolicy}).
 * In {@code interval} mode each point's time is cut into buckets of the interval, aligned to the epoch,
 * and the first reading of each bucket goes; a reading for a bucket older than the last one sent (a
 * logger uploading what it buffered during an outage) goes if its bucket has not gone yet, so backfilled
 * data is sampled as live data was. In {@code change} mode a reading goes when its value moved more than
 * the deadband or its quality changed since the last one sent, or the heartbeat ran out. The decisions
 * depend only on the readings, so a replay after a restart decides the same (except for the first
 * reading of each point, which always goes). Used by one thread.
 */
final class Sampler {
    private final RealtimePolicy policy;
    private final long intervalMs;
    private final long heartbeatMs;
    private final Map<String, PointState> points = new HashMap<>();

    private static final class PointState {
        long lastBucket = Long.MIN_VALUE;
        long lastLateBucket = Long.MIN_VALUE;
        double lastValue = Double.NaN;
        byte lastQuality = -1;
        long lastSentTs = Long.MIN_VALUE;
    }

    Sampler(RealtimePolicy policy) {
        this.policy = policy;
        this.intervalMs = Math.max(1, policy.interval().toMillis());
        this.heartbeatMs = policy.heartbeat().toMillis();
    }

    /** Whether the reading of {@code key} (site/tag) at {@code ts} goes upstream. */
    boolean accept(String key, long ts, double value, byte quality) {
        switch (policy.mode()) {
            case ALL:
                return true;
            case INTERVAL: {
                PointState s = points.computeIfAbsent(key, k -> new PointState());
                long bucket = Math.floorDiv(ts, intervalMs);
                if (bucket > s.lastBucket) {
                    s.lastBucket = bucket;
                    return true;
                }
                if (bucket < s.lastBucket && bucket > s.lastLateBucket) {
                    s.lastLateBucket = bucket;
                    return true;
                }
                return false;
            }
            default: {
                PointState s = points.computeIfAbsent(key, k -> new PointState());
                boolean first = s.lastSentTs == Long.MIN_VALUE;
                boolean moved = Double.isNaN(s.lastValue) != Double.isNaN(value)
                        || Math.abs(value - s.lastValue) > policy.deadband()
                        || (policy.deadband() == 0 && value != s.lastValue && !Double.isNaN(value));
                boolean heartbeat = !first && ts - s.lastSentTs >= heartbeatMs;
                if (first || moved || quality != s.lastQuality || heartbeat) {
                    if (ts >= s.lastSentTs || first) {
                        s.lastValue = value;
                        s.lastQuality = quality;
                        s.lastSentTs = ts;
                    }
                    return true;
                }
                return false;
            }
        }
    }
}
