package io.hazardgate.config.uplink;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * One supervision platform the gateway reports to: its own durable place in the gateway's log, what it
 * is sent and how.
 *
 * @param name          names the uplink in metrics, {@code /ready}, logs and its cursor file
 *                      ({@code log/uplink-<name>.offset})
 * @param sites         ids of the sites it reports; all sites when empty
 * @param startAtOldest a new uplink (no cursor file yet) starts at the oldest record in the log rather
 *                      than at its end
 * @param requireCodes  every point of a reported site must have a platform code; when false, points
 *                      without one are not reported
 * @param statistics    how often the current day's statistics go up (null: only each finished day's,
 *                      when {@code sendStatistics}); a finished day is always sent once
 * @param backfillAfter a record older than this when it is sent is marked as backfilled
 * @param retryInitial  first delay after a failed delivery; doubles up to {@code retryMax}
 * @param pauseRetry    after the platform refused the key or the payload, how often to try again
 * @param zone          the zone days and formatted times are in
 * @param http          the HTTP(S) target, or null
 * @param mqtt          the MQTT target, or null (exactly one of the two is set)
 */
public record UplinkSettings(
        String name,
        List<String> sites,
        boolean startAtOldest,
        boolean requireCodes,
        RealtimePolicy realtime,
        AlarmFilter alarms,
        boolean sendStatistics,
        Duration statistics,
        Duration backfillAfter,
        Duration retryInitial,
        Duration retryMax,
        Duration pauseRetry,
        ZoneId zone,
        HttpTarget http,
        MqttTarget mqtt,
        UplinkKeys keys,
        Templates templates) {

    public static final String HTTP = "http";
    public static final String MQTT = "mqtt";
    public static final Duration DEFAULT_BACKFILL_AFTER = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(1);
    public static final Duration DEFAULT_PAUSE_RETRY = Duration.ofMinutes(10);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public UplinkSettings {
        sites = List.copyOf(sites);
    }

    public String kind() { return http != null ? HTTP : MQTT; }

    public boolean reports(String site) { return sites.isEmpty() || sites.contains(site); }
}
