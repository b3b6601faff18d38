package io.hazardgate.ingest;

/**
 * Topic names of the telemetry contract: devices publish on {@code plant/{site}/{device}/telemetry}
 * and may subscribe to {@code plant/{site}/{device}/errors} to learn why a message was refused.
 */
public record TelemetryTopic(String site, String device) {
    public static final String PREFIX = "plant/";
    public static final String TELEMETRY_SUFFIX = "/telemetry";

    /** The site and device of a telemetry topic, or null when the topic is not one. */
    public static TelemetryTopic parse(String topic) {
        if (!topic.startsWith(PREFIX) || !topic.endsWith(TELEMETRY_SUFFIX)) return null;
        int siteEnd = topic.indexOf('/', PREFIX.length());
        int deviceEnd = topic.length() - TELEMETRY_SUFFIX.length();
        if (siteEnd <= PREFIX.length() || siteEnd >= deviceEnd || topic.indexOf('/', siteEnd + 1) != deviceEnd) return null;
        return new TelemetryTopic(topic.substring(PREFIX.length(), siteEnd), topic.substring(siteEnd + 1, deviceEnd));
    }

    public String errorsTopic() { return PREFIX + site + "/" + device + "/errors"; }
}
