/**
 * The wiring: {@link io.hazardgate.Main} (the command line) and {@link io.hazardgate.Gateway}, which
 * builds every part in order and connects the seams. It is the one place besides {@code mqtt} and
 * {@code api} that sees Netty: {@link io.hazardgate.NettyBytes} wraps a transport buffer as the
 * record type, and {@link io.hazardgate.TelemetryPublishHandler} hands the MQTT server's publishes to
 * ingest. May use every package; no package uses it.
 */
package io.hazardgate;
