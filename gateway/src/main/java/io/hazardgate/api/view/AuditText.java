package io.hazardgate.api.view;

/**
 * Free text (an operator's comment, a name from a request) made safe for one line of the audit log:
 * line breaks and other control characters become escapes, so text cannot start a forged line or
 * rewrite the terminal it is read on.
 */
public final class AuditText {
    private AuditText() {}

    public static String escape(String text) {
        if (text == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (sb != null) {
                if (replacement != null) sb.append(replacement);
                else sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
