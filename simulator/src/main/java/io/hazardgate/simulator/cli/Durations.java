package io.hazardgate.simulator.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written as in the gateway's config: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (!m.matches()) throw new IllegalArgumentException("must be a duration like 500ms, 10s, 5m, 1h or 2d, got '" + s + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
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
