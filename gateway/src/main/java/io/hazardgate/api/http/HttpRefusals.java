package io.hazardgate.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hazardgate.http.refused}, tag {@code reason}: requests and connections the HTTP port turned
 * away before any route saw them (malformed, no_host, host_not_allowed, cross_origin, header_timeout,
 * idle_timeout).
 */
public final class HttpRefusals {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public HttpRefusals(MeterRegistry registry) {
        this.registry = registry;
    }

    public void count(String reason) {
        counters.computeIfAbsent(reason, r -> Counter.builder("hazardgate.http.refused").tag("reason", r)
                .description("HTTP requests and connections refused before routing").register(registry)).increment();
    }
}
