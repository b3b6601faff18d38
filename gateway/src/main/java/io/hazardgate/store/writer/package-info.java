/**
 * Ships the log to the time-series store at least once: records to line protocol, batches in flight,
 * retries with backoff, rejected lines set aside, and the offset the store has everything before
 * ({@link io.hazardgate.store.writer.Shipper}). May use {@code store.log}, {@code record} and
 * {@code config}.
 */
package io.hazardgate.store.writer;
