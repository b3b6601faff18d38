package io.hazardgate.config.uplink;

import java.time.Duration;

/**
 * Which readings an uplink sends as real-time values, and how they are grouped into messages.
 *
 * @param mode        {@link Mode}
 * @param interval    {@link Mode#INTERVAL}: the sampling period, and how often a message goes out
 * @param deadband    {@link Mode#CHANGE}: a value is sent when it moved more than this from the last sent
 * @param heartbeat   {@link Mode#CHANGE}: an unchanged value is sent again after this long
 * @param maxReadings readings in one message at most
 * @param linger      {@link Mode#CHANGE} and {@link Mode#ALL}: how long a message waits for more readings
 */
public record RealtimePolicy(Mode mode, Duration interval, double deadband, Duration heartbeat, int maxReadings,
                             Duration linger) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_READINGS = 500;
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

    /**
     * {@code interval}: each point's first reading in every {@code interval} of its own time, a message
     * every {@code interval}; {@code change}: a reading whose value moved by more than {@code deadband}
     * (or whose quality changed) since the last one sent, and every {@code heartbeat} regardless;
     * {@code all}: every reading.
     */
    public enum Mode { INTERVAL, CHANGE, ALL }

    public static final RealtimePolicy DEFAULTS =
            new RealtimePolicy(Mode.INTERVAL, DEFAULT_INTERVAL, 0, DEFAULT_HEARTBEAT, DEFAULT_MAX_READINGS, DEFAULT_LINGER);

    /** How long the first reading of a message waits for more before the message goes. */
    public Duration flushAfter() { return mode == Mode.INTERVAL ? interval : linger; }
}
