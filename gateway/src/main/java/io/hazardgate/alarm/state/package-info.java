/**
 * Each sensor's state, owned by one shard thread: the latest reading, trend and accumulation windows,
 * one slot per rule ({@link io.hazardgate.alarm.state.AlarmSlot}), the trend and fault checks over
 * them, and the binary codec of a state snapshot. May use {@code alarm.rules}, {@code record} and
 * {@code config}.
 */
package io.hazardgate.alarm.state;
