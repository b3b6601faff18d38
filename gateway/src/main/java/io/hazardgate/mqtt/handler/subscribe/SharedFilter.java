package io.hazardgate.mqtt.handler.subscribe;

import io.hazardgate.mqtt.broker.TopicFilters;

/**
 * A shared subscription's filter {@code $share/{ShareName}/{filter}} split in its parts (MQTT 5
 * §4.8.2): the share name is at least one character without '/', '+' or '#', and a filter must follow.
 */
record SharedFilter(String group, String filter) {
    /** A filter that starts like a shared one but is not well formed. */
    static final SharedFilter INVALID = new SharedFilter(null, null);

    /** The parts, {@link #INVALID}, or null for an ordinary filter. */
    static SharedFilter parse(String topicFilter) {
        if (!TopicFilters.isShared(topicFilter)) {
            return null;
        }
        int start = TopicFilters.SHARED_PREFIX.length();
        int slash = topicFilter.indexOf('/', start);
        if (slash <= start || slash == topicFilter.length() - 1) {
            return INVALID;
        }
        String group = topicFilter.substring(start, slash);
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            return INVALID;
        }
        return new SharedFilter(group, topicFilter.substring(slash + 1));
    }
}
