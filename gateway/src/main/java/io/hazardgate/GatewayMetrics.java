package io.hazardgate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The wiring's own meters, defined here. Each layer has its one such class ({@code MqttMetrics},
 * {@code IngestMetrics}, {@code AlarmMetrics}, {@code StoreMetrics}, {@code ApiMetrics}); the catalogue of
 * them all is the table in docs/operations.md, which a test holds to the registry.
 */
final class GatewayMetrics {
    private GatewayMetrics() {}

    /** Operator logins on the HTTP API, by outcome (ok, denied, throttled, busy). */
    static Counter httpLogins(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.http.logins").tag("outcome", outcome)
                .description("Operator logins on the HTTP API by outcome").register(r);
    }

    /** Configuration changes, by outcome: applied or rejected. */
    static Counter configReloads(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.config.reloads").tag("outcome", outcome)
                .description("Configuration changes applied or rejected").register(r);
    }
}
