package io.hazardgate.mqtt.broker;

/**
 * Topic name and topic filter rules of MQTT 3.1.1 §4.7 and MQTT 5 §4.7, shared by subscribe handling,
 * the subscription trie and the retained store.
 */
public final class TopicFilters {
    /** MQTT 5 §4.8.2 shared subscription prefix. */
    public static final String SHARED_PREFIX = "$share/";

    private TopicFilters() {}

    /**
     * A filter is valid when it is non-empty, '#' appears only as the whole last level, '+' only as a
     * whole level, and it holds no U+0000 (§4.7.1, §4.7.3).
     */
    public static boolean isValidFilter(String filter) {
        int length = filter.length();
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = filter.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (c == '+' || c == '#') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i == length - 1 || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel || (c == '#' && i != length - 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A topic name is non-empty and holds no wildcard and no U+0000 (§4.7.3, §3.3.2.1). */
    public static boolean isValidTopicName(String topic) {
        if (topic.isEmpty()) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    public static boolean isShared(String filter) {
        return filter.startsWith(SHARED_PREFIX);
    }

    /**
     * Whether {@code topic} matches {@code filter}. Topics starting with '$' are not matched by filters
     * starting with a wildcard (§4.7.2).
     */
    public static boolean matches(String filter, String topic) {
        if (!topic.isEmpty() && topic.charAt(0) == '$' && !filter.isEmpty()
                && (filter.charAt(0) == '+' || filter.charAt(0) == '#')) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a" (§4.7.1.2)
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
