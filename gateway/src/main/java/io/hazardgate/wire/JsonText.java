package io.hazardgate.wire;

/**
 * JSON string escaping for the messages the gateway writes by hand (alarm events, colours, device
 * errors, API answers), so every one of them escapes the same way (RFC 8259 §7).
 */
public final class JsonText {
    private JsonText() {}

    /** Appends {@code v} escaped, without quotes. */
    public static StringBuilder escape(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb;
    }

    public static String escape(String v) { return escape(new StringBuilder(v.length() + 8), v).toString(); }

    /** {@code "v"}, escaped. */
    public static String quote(String v) { return escape(new StringBuilder(v.length() + 10).append('"'), v).append('"').toString(); }
}
