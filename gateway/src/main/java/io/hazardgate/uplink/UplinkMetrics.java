package io.hazardgate.uplink;

import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.uplink.stats.RegulatorStatistics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The uplinks' meters, defined here and nowhere else (docs/operations.md lists them): the statistics'
 * lag, {@code hazardgate.statistics.lag.records}, and for each uplink, tagged {@code uplink=<name>}:
 * <ul>
 *   <li>{@code hazardgate.uplink.messages} (counter; {@code kind}, {@code outcome}: sent, retried, refused)</li>
 *   <li>{@code hazardgate.uplink.readings} (counter; {@code backfill}: true, false): readings the platform took</li>
 *   <li>{@code hazardgate.uplink.skipped} (counter; {@code reason}: unreported_point, undecodable)</li>
 *   <li>{@code hazardgate.uplink.lag.records}, {@code hazardgate.uplink.lag.seconds} (gauges)</li>
 *   <li>{@code hazardgate.uplink.paused}, {@code hazardgate.uplink.reachable} (gauges, 0 or 1)</li>
 * </ul>
 */
final class UplinkMetrics {
    final Map<MessageKind, Counter> sent = new EnumMap<>(MessageKind.class);
    final Map<MessageKind, Counter> retried = new EnumMap<>(MessageKind.class);
    final Map<MessageKind, Counter> refused = new EnumMap<>(MessageKind.class);
    final Counter readingsLive;
    final Counter readingsBackfill;
    final Counter unreportedPoint;
    final Counter undecodable;

    UplinkMetrics(MeterRegistry registry, Uplink uplink, String name) {
        for (MessageKind k : MessageKind.values()) {
            sent.put(k, messages(registry, name, k, "sent"));
            retried.put(k, messages(registry, name, k, "retried"));
            refused.put(k, messages(registry, name, k, "refused"));
        }
        readingsLive = Counter.builder("hazardgate.uplink.readings").tag("uplink", name).tag("backfill", "false")
                .description("Readings the platform took").register(registry);
        readingsBackfill = Counter.builder("hazardgate.uplink.readings").tag("uplink", name).tag("backfill", "true")
                .description("Readings the platform took").register(registry);
        unreportedPoint = Counter.builder("hazardgate.uplink.skipped").tag("uplink", name).tag("reason", "unreported_point")
                .description("Readings and alarms not sent: the point is not reported, or the record unreadable").register(registry);
        undecodable = Counter.builder("hazardgate.uplink.skipped").tag("uplink", name).tag("reason", "undecodable")
                .description("Readings and alarms not sent: the point is not reported, or the record unreadable").register(registry);
        Gauge.builder("hazardgate.uplink.lag.records", uplink, Uplink::lagRecords).tag("uplink", name).baseUnit("records")
                .description("Durable records the platform does not have yet").register(registry);
        Gauge.builder("hazardgate.uplink.lag.seconds", uplink, Uplink::lagSeconds).tag("uplink", name).baseUnit("seconds")
                .description("Age of the oldest record the platform does not have yet").register(registry);
        Gauge.builder("hazardgate.uplink.paused", uplink, u -> u.state() == Uplink.State.PAUSED ? 1 : 0).tag("uplink", name)
                .description("1 while the platform refuses the key or a message and the uplink waits").register(registry);
        Gauge.builder("hazardgate.uplink.reachable", uplink, u -> u.state() == Uplink.State.LIVE ? 1 : 0).tag("uplink", name)
                .description("1 while the platform takes what it is sent").register(registry);
    }

    /** The regulators' statistics: how far behind the log they count. */
    static void statistics(MeterRegistry registry, RegulatorStatistics statistics) {
        Gauge.builder("hazardgate.statistics.lag.records", statistics, RegulatorStatistics::lagRecords).baseUnit("records")
                .description("Durable records not yet counted in the regulators' statistics").register(registry);
    }

    private static Counter messages(MeterRegistry registry, String name, MessageKind kind, String outcome) {
        return Counter.builder("hazardgate.uplink.messages").tag("uplink", name).tag("kind", kind.wireName())
                .tag("outcome", outcome).description("Messages to the platform, by outcome").register(registry);
    }
}
