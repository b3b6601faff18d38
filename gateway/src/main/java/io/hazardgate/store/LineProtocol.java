package io.hazardgate.store;

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

    /** Whether a float field can carry {@code v}: line protocol has no NaN or infinity. */
    static boolean representable(double v) { return Double.isFinite(v); }
}
