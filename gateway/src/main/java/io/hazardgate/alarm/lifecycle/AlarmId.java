package io.hazardgate.alarm.lifecycle;

/**
 * The parts of an alarm id, {@code site:tag:rule:raiseMillis}. Site ids, tags and rule names never
 * contain a colon (config validation), so the id splits unambiguously.
 */
public record AlarmId(String text, String site, String tag, String rule, long raisedMillis) {
    /** The parts of {@code id}, or null when it is not an alarm id. */
    public static AlarmId parse(String id) {
        if (id == null) return null;
        int a = id.indexOf(':');
        int b = a < 0 ? -1 : id.indexOf(':', a + 1);
        int c = b < 0 ? -1 : id.indexOf(':', b + 1);
        if (a <= 0 || b <= a + 1 || c <= b + 1 || c == id.length() - 1 || id.indexOf(':', c + 1) >= 0) return null;
        try {
            return new AlarmId(id, id.substring(0, a), id.substring(a + 1, b), id.substring(b + 1, c),
                    Long.parseLong(id.substring(c + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
