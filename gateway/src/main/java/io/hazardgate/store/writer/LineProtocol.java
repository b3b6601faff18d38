package io.hazardgate.store.writer;

/**
 * Escaping for InfluxDB line protocol, written into a {@link StringBuilder} without intermediate
 * strings. In tag values a comma, equals sign, space and backslash are escaped with a backslash; in
 * string field values a double quote and a backslash. A line break cannot appear inside a line, so it
 * is written as the two characters {@code \n} (and {@code \r} likewise).
 */
final class LineProtocol {
    private LineProtocol() {}

    /** Appends {@code ,key=value}, or nothing when the value is empty (line protocol has no empty tags). */
    static StringBuilder tag(StringBuilder sb, String key, String value) {
        if (value == null || value.isEmpty()) return sb;
        sb.append(',').append(key).append('=');
        return tagValue(sb, value);
    }

    static StringBuilder tagValue(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ',', '=', ' ', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\\\n");
                case '\r' -> sb.append("\\\\r");
                default -> sb.append(c);
            }
        }
        return sb;
    }

    /** Appends {@code key="value"} with the value escaped. */
    static StringBuilder stringField(StringBuilder sb, String key, String value) {
        sb.append(key).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\\\n");
                case '\r' -> sb.append("\\\\r");
                default -> sb.append(c);
            }
        }
        return sb.append('"');
    }

    private static final double SCALE = 1e6;
    /** Below this, {@code |v| * 1e6} is an integer a double holds exactly. */
    private static final double FAST_LIMIT = 9e9;

    /**
     * Appends a finite double so that it parses back to the same double. Sensor values mostly have a few
     * decimals: those are written from a long, several times faster than {@code StringBuilder.append(double)}
     * on Java 17; any other value falls back to it. The fast path is exact: when {@code l / 1e6 == v} in
     * double arithmetic, the decimal {@code l / 10^6} rounds to {@code v}, since that division is
     * correctly rounded. {@code l} is {@code v * 1e6} rounded, not truncated: a value such as 12.345 is
     * not a double, and its nearest double times 1e6 lands a hair off the integer.
     */
    static StringBuilder floatValue(StringBuilder sb, double v) {
        if (Math.abs(v) >= FAST_LIMIT) return sb.append(v);
        long l = Math.round(v * SCALE);
        if (l / SCALE != v) return sb.append(v);
        if (l < 0) {
            sb.append('-');
            l = -l;
        }
        long whole = l / 1_000_000;
        int frac = (int) (l % 1_000_000);
        sb.append(whole).append('.');
        if (frac == 0) return sb.append('0');
        int digits = 6;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (; digits > 1 && frac < pow10(digits - 1); digits--) sb.append('0');
        return sb.append(frac);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }

    /** Whether a float field can carry {@code v}: line protocol has no NaN or infinity. */
    static boolean representable(double v) { return Double.isFinite(v); }
}
