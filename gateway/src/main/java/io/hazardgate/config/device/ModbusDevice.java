package io.hazardgate.config.device;

import java.time.Duration;
import java.util.List;

/**
 * A Modbus server (a gas-detection controller, a PLC, a serial server in transparent mode) the gateway
 * polls: where it is, how often, and its register map.
 *
 * @param framing    {@link Framing#TCP} (MBAP header) or {@link Framing#RTU_OVER_TCP} (RTU frames with CRC
 *                   carried over a TCP socket, as serial servers and DTUs in transparent mode do)
 * @param unitId     the Modbus unit (slave) id, 0..247
 * @param timeout    how long one request may take before the device counts as faulty
 * @param backoffMax the longest wait between reconnection attempts (they start at the poll period)
 */
public record ModbusDevice(String host, int port, Framing framing, int unitId, Duration period, Duration timeout,
                           Duration backoffMax, List<RegisterPoint> points) {
    public static final int DEFAULT_PORT = 502;
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    /** Modbus limits one read to 125 registers or 2000 coils (Modbus application protocol v1.1b3 §6.1, §6.3). */
    public static final int MAX_REGISTERS_PER_READ = 125;
    public static final int MAX_COILS_PER_READ = 2000;

    public enum Framing { TCP, RTU_OVER_TCP }
}
