package io.hazardgate.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hazardgate.http.refused}, tag {@code reason}: requests and connections the HTTP port turned
 * away before any route saw them (malformed, no_host, host_not_allowed, cross_origin, header_timeout,
 * idle_timeout).
 */
public final class HttpRefusals {
    /** Every reason there is, registered up front so that a dashboard sees zeros, not gaps. */
    static final List<String> REASONS =
            List.of("malformed", "no_host", "host_not_allowed", "cross_origin", "header_timeout", "idle_timeout");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public HttpRefusals(MeterRegistry registry) {
        this.registry = registry;
        for (String reason : REASONS) counters.put(reason, ApiMetrics.httpRefused(registry, reason));
    }

    public void count(String reason) {
        counters.computeIfAbsent(reason, r -> ApiMetrics.httpRefused(registry, r)).increment();
    }
}
