package io.hazardgate.response;

import io.hazardgate.response.channel.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of alarm response, defined and registered here and nowhere else (docs/operations.md lists
 * them with the rest of the gateway's). Counters with tags are registered up front for each value their
 * tag can take (the configured channels, the three outcomes, the three reasons a link is refused), so a
 * dashboard sees zeros instead of missing series.
 */
final class ResponseMetrics {
    /** Why a link was refused: not made by the gateway (or mistyped), used already, past its lifetime. */
    static final List<String> LINK_REFUSALS = List.of("unknown", "used", "expired");
    static final List<String> HANDOVER_OUTCOMES = List.of("ok", "refused");

    private ResponseMetrics() {}

    static Counter queueOverflow(MeterRegistry r) {
        return Counter.builder("hazardgate.response.queue.overflow")
                .description("Alarm events the response thread could not queue; caught up from the active alarms").register(r);
    }

    static Counter planFailures(MeterRegistry r) {
        return Counter.builder("hazardgate.response.plan.failures")
                .description("Alarm events whose notices could not be recorded in the outbox").register(r);
    }

    static <S> void backlog(MeterRegistry r, S owner, ToDoubleFunction<S> value) {
        Gauge.builder("hazardgate.response.backlog", owner, value).description("Notices waiting to be sent or being retried").register(r);
    }

    /** Attempts by {@code channel/outcome}, for every configured channel. */
    static Map<String, Counter> attempts(MeterRegistry r, Collection<String> channels) {
        Map<String, Counter> out = new LinkedHashMap<>();
        for (String c : channels) {
            for (Delivery.Outcome o : Delivery.Outcome.values()) {
                out.put(c + "/" + o.wireName(), Counter.builder("hazardgate.response.attempts").tag("channel", c).tag("outcome", o.wireName())
                        .description("Attempts to send a notification message, by channel and outcome").register(r));
            }
        }
        return Map.copyOf(out);
    }

    static Map<String, Counter> refusedLinks(MeterRegistry r) {
        Map<String, Counter> out = new LinkedHashMap<>();
        for (String why : LINK_REFUSALS) {
            out.put(why, Counter.builder("hazardgate.response.links.refused").tag("reason", why)
                    .description("Acknowledgement links refused: unknown (forged or mistyped), used (a second use) or expired")
                    .register(r));
        }
        return Map.copyOf(out);
    }

    static Map<String, Counter> handovers(MeterRegistry r) {
        Map<String, Counter> out = new LinkedHashMap<>();
        for (String outcome : HANDOVER_OUTCOMES) {
            out.put(outcome, Counter.builder("hazardgate.response.handovers").tag("outcome", outcome)
                    .description("Shift hand-overs taken (ok) or refused (not on the roster, no roster)").register(r));
        }
        return Map.copyOf(out);
    }
}
