package io.hazardgate.southbound.sparkplug;

/**
 * A Sparkplug B topic: {@code spBv1.0/{group}/{type}/{node}[/{device}]} (Sparkplug 3.0 §4.1).
 *
 * @param device empty for node-level messages
 */
record SparkplugTopic(String group, String type, String node, String device) {
    static final String NAMESPACE = "spBv1.0/";

    /** The topic's parts, or null when it is not a Sparkplug B message topic. */
    static SparkplugTopic parse(String topic) {
        if (!topic.startsWith(NAMESPACE)) return null;
        String[] p = topic.substring(NAMESPACE.length()).split("/", -1);
        if (p.length < 3 || p.length > 4) return null;
        for (String s : p) if (s.isEmpty()) return null;
        return new SparkplugTopic(p[0], p[1], p[2], p.length == 4 ? p[3] : "");
    }

    String nodeKey() { return group + "/" + node; }

    String rebirthTopic() { return NAMESPACE + group + "/NCMD/" + node; }
}
