package io.hazardgate.simulator.cli;

import io.hazardgate.config.ConfigNode;
import java.time.Duration;

/**
 * Durations written as in the gateway's config: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h},
 * {@code 2d}, and compounds of them such as {@code 4m30s} or {@code 1h30m}.
 */
public final class Durations {
    private Durations() {}

    /** Reads a duration as the gateway's config does, so the command line and the files agree. */
    public static Duration parse(String s) {
        return ConfigNode.parseDuration(s);
    }

    /**
     * A compact exact form from the largest unit down: {@code 10m}, {@code 1h30m}, {@code 4m30s},
     * {@code 1d2h}, {@code 1500ms} becomes {@code 1s500ms}; {@code 0s} for zero.
     */
    public static String readable(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        StringBuilder sb = new StringBuilder(ms < 0 ? "-" : "");
        ms = Math.abs(ms);
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                sb.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return sb.toString();
    }

    /** The shortest exact form, e.g. {@code 90s} stays {@code 90s}, {@code 600s} becomes {@code 10m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms > 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0 && ms > 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0 && ms > 0) return ms / 60_000L + "m";
        if (ms % 1_000L == 0) return ms / 1_000L + "s";
        return ms + "ms";
    }
}
