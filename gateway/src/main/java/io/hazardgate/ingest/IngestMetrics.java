package io.hazardgate.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.ToDoubleFunction;

/**
 * Every meter of ingest, defined and registered here and nowhere else (the catalogue of all the
 * gateway's meters is the table in docs/operations.md, which a test holds to the registry).
 */
final class IngestMetrics {
    private IngestMetrics() {}

    /** Telemetry messages taken, by outcome. */
    static Counter messages(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.ingest.messages").tag("outcome", outcome)
                .description("Telemetry messages by outcome").register(r);
    }

    /** Telemetry messages refused, by reason; the same message is not also counted as accepted. */
    static Counter refused(MeterRegistry r, String reason) {
        return Counter.builder("hazardgate.ingest.refused").tag("reason", reason)
                .description("Telemetry messages refused, by reason").register(r);
    }

    /** Readings in accepted messages, by outcome (accepted, unknown_tag: stored but not evaluated). */
    static Counter readings(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.ingest.readings").tag("outcome", outcome)
                .description("Readings in accepted telemetry messages").register(r);
    }

    /** Status messages and wills of data loggers, by what they said (offline, online, ignored: not a status). */
    static Counter deviceStatus(MeterRegistry r, String status) {
        return Counter.builder("hazardgate.ingest.device.status").tag("status", status)
                .description("Data logger status messages and wills").register(r);
    }

    /** Messages from a southbound protocol (modbus, hj212, sparkplug, opcua), by outcome (accepted, refused). */
    static Counter southbound(MeterRegistry r, String protocol, String outcome) {
        return Counter.builder("hazardgate.southbound.messages").tag("protocol", protocol).tag("outcome", outcome)
                .description("Messages from southbound protocols, by outcome").register(r);
    }

    /** Readings in accepted southbound messages, by protocol. */
    static Counter southboundReadings(MeterRegistry r, String protocol) {
        return Counter.builder("hazardgate.southbound.readings").tag("protocol", protocol)
                .description("Readings in accepted southbound messages").register(r);
    }

    /** Data logger faults raised (clock_skew). */
    static Counter deviceFaultsRaised(MeterRegistry r) {
        return Counter.builder("hazardgate.ingest.device.faults.raised")
                .description("Data logger faults raised (clock_skew)").register(r);
    }

    /** Data logger faults active now. */
    static <S> void deviceFaults(MeterRegistry r, S owner, ToDoubleFunction<S> active) {
        Gauge.builder("hazardgate.ingest.device.faults", owner, active)
                .description("Data logger faults active now").register(r);
    }

    /** Decode and validation of one telemetry message, on the event loop. */
    static Timer decodeTime(MeterRegistry r) {
        return Timer.builder("hazardgate.ingest.decode")
                .description("Time to decode and validate one telemetry message on the event loop").register(r);
    }
}
