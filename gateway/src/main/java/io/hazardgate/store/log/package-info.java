/**
 * The durable log every accepted record goes through before it is acknowledged: segments of CRC-framed
 * records, group commit under the fsync policy, recovery after a crash, retention within the disk
 * budget, and readers with the durable cursors of its consumers (the store writer, platform uplinks,
 * the statistics: {@link io.hazardgate.store.log.LogCursor}), the slowest of which retention waits for
 * ({@link io.hazardgate.store.log.DurableLog}). Records are opaque bytes here. May use {@code record} and
 * {@code config}.
 */
package io.hazardgate.store.log;
