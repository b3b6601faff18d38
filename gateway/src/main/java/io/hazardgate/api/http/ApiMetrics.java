package io.hazardgate.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of the HTTP side, defined and registered here and nowhere else (the catalogue of all the
 * gateway's meters is the table in docs/operations.md, which a test holds to the registry). Here in
 * {@code http}, the part of {@code api} every other part may use.
 */
public final class ApiMetrics {
    private ApiMetrics() {}

    /** Requests and connections the HTTP port turned away before any route saw them, by reason. */
    public static Counter httpRefused(MeterRegistry r, String reason) {
        return Counter.builder("hazardgate.http.refused").tag("reason", reason)
                .description("HTTP requests and connections refused before routing").register(r);
    }

    /** Records the control room's live view skipped because it fell behind. */
    public static Counter liveDropped(MeterRegistry r) {
        return Counter.builder("hazardgate.api.live.dropped").description(
                "Records the control room's live view skipped because it fell behind (still stored and evaluated)")
                .register(r);
    }

    /** Records waiting for the control room's live view. */
    public static <Q> void liveQueue(MeterRegistry r, Q queue, ToDoubleFunction<Q> size) {
        Gauge.builder("hazardgate.api.live.queue", queue, size)
                .description("Records waiting for the control room's live view").register(r);
    }

    /** Live-stream clients disconnected for not reading. */
    public static Counter streamSlowClosed(MeterRegistry r) {
        return Counter.builder("hazardgate.api.stream.slow.closed")
                .description("Live-stream clients disconnected for not reading (they resume by event id)").register(r);
    }
}
