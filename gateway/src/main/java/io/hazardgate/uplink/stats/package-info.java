/**
 * The statistics regulators count (在线率 of points and data loggers, 数据完整率, alarms by colour per
 * day), kept from the durable log by a consumer with its own cursor
 * ({@link io.hazardgate.uplink.stats.RegulatorStatistics}). May use {@code store.log}, {@code record} and
 * {@code config}.
 */
package io.hazardgate.uplink.stats;
