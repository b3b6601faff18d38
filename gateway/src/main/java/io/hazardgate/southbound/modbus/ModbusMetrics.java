package io.hazardgate.southbound.modbus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The Modbus poller's meters, in one place (listed in docs/operations.md). */
final class ModbusMetrics {
    final Counter ok;
    final Counter timeout;
    final Counter exception;
    final Counter disconnected;
    final Counter overrun;
    final Counter connectFailed;
    /** How late each poll started against its schedule: the jitter of the poll period. */
    final Timer lag;
    /** From a poll's first request to its last response. */
    final Timer duration;

    /** {@code devices} tells how many devices are polled, {@code faulty} how many of them are faulty now. */
    ModbusMetrics(MeterRegistry r, java.util.function.Supplier<Number> devices, java.util.function.Supplier<Number> faulty) {
        io.micrometer.core.instrument.Gauge.builder("hazardgate.southbound.modbus.devices", devices).tag("state", "polled")
                .description("Modbus devices polled, and those faulty now").register(r);
        io.micrometer.core.instrument.Gauge.builder("hazardgate.southbound.modbus.devices", faulty).tag("state", "faulty")
                .description("Modbus devices polled, and those faulty now").register(r);
        ok = polls(r, "ok");
        timeout = polls(r, "timeout");
        exception = polls(r, "exception");
        disconnected = polls(r, "disconnected");
        overrun = polls(r, "overrun");
        connectFailed = Counter.builder("hazardgate.southbound.modbus.connects").tag("outcome", "failed")
                .description("Connection attempts to Modbus devices that failed").register(r);
        lag = Timer.builder("hazardgate.southbound.modbus.poll.lag").description("How late a Modbus poll started against its period")
                .publishPercentiles(0.5, 0.99, 0.999).maximumExpectedValue(Duration.ofSeconds(10)).register(r);
        duration = Timer.builder("hazardgate.southbound.modbus.poll.duration")
                .description("Time from a Modbus poll's first request to its last response")
                .publishPercentiles(0.5, 0.99).maximumExpectedValue(Duration.ofSeconds(10)).register(r);
    }

    /**
     * Polls by outcome: ok; timeout, exception (an exception code) and disconnected are device faults;
     * overrun is a tick skipped because the previous poll of the device was still running.
     */
    private static Counter polls(MeterRegistry r, String outcome) {
        return Counter.builder("hazardgate.southbound.modbus.polls").tag("outcome", outcome)
                .description("Modbus polls by outcome").register(r);
    }
}
