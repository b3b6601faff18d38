package io.hazardgate.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data logger's connection status on {@code plant/{site}/{device}/status} (docs/protocol.md): the
 * payload {@code offline} or {@code online}, plain or as {@code {"status": "offline"}}. A logger sets
 * its MQTT will to {@code offline} on that topic, so losing its connection tells the gateway at once.
 */
public enum DeviceStatus {
    ONLINE, OFFLINE;

    public static final String SUFFIX = "/status";
    /** Status payloads are a word; anything longer is not one. */
    static final int MAX_PAYLOAD = 256;
    private static final Pattern JSON = Pattern.compile("\\{\\s*\"status\"\\s*:\\s*\"(\\w+)\"\\s*}");

    /** The status a payload announces, or null when it is not a status. */
    public static DeviceStatus parse(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_PAYLOAD) return null;
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        Matcher m = JSON.matcher(text);
        if (m.matches()) text = m.group(1);
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "offline" -> OFFLINE;
            case "online" -> ONLINE;
            default -> null;
        };
    }

    /** The site and device of a {@code plant/{site}/{device}/status} topic, or null. */
    public static TelemetryTopic topic(String topic) {
        if (!topic.endsWith(SUFFIX)) return null;
        return TelemetryTopic.parse(topic.substring(0, topic.length() - SUFFIX.length()) + TelemetryTopic.TELEMETRY_SUFFIX);
    }
}
