/**
 * The records that travel from ingest to the alarm engine and to the durable log, neutral ground
 * between them: {@link io.hazardgate.record.Bytes} (a record's bytes, wherever they live),
 * {@link io.hazardgate.record.ReadingBatch} (the binary batch of readings) with its
 * {@link io.hazardgate.record.Quality}, {@link io.hazardgate.record.AlarmEvent} with its JSON, the log
 * they go to ({@link io.hazardgate.record.RecordLog}) and the hand-offs of accepted records
 * ({@link io.hazardgate.record.ReadingSink}, {@link io.hazardgate.record.ReadingTap},
 * {@link io.hazardgate.record.DeviceStatusSink}). May use {@code config} and {@code wire}; knows
 * nothing of the transport, the alarm rules or the store.
 */
package io.hazardgate.record;
