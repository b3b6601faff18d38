/**
 * Telemetry in: the {@code plant/{site}/{device}/telemetry} and {@code .../status} topics, the payload
 * decoder (JSON straight into a {@link io.hazardgate.record.ReadingBatch}), and
 * {@link io.hazardgate.ingest.TelemetryIngest}, which hands each accepted record to the alarm engine,
 * the control room's live view and the durable log, and acknowledges it once durable. What it refuses
 * ({@link io.hazardgate.ingest.Refusal}: bad text, a clock ahead, another logger's point, an engine
 * behind) affects only its sender; a logger's own faults are kept by
 * {@link io.hazardgate.ingest.DeviceFaults}. May use the
 * seams of {@code mqtt} (not its internals), {@code plant}, {@code record}, {@code config} and
 * {@code wire}; never Netty: the wiring wraps the payload before it gets here.
 */
package io.hazardgate.ingest;
