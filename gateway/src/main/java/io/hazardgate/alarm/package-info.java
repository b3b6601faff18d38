/**
 * The alarm engine: {@link io.hazardgate.alarm.Alarms} (what the wiring starts and stops), the shards
 * that each own a partition of the sensors ({@link io.hazardgate.alarm.AlarmEngine},
 * {@link io.hazardgate.alarm.AlarmShard}), the per-shard {@link io.hazardgate.alarm.AlarmEvaluator} on
 * the hot path, state snapshots and recovery after a restart. By role below it: {@code rules},
 * {@code state}, {@code lifecycle}, {@code delivery}. May use those, {@code plant}, {@code record},
 * {@code config} and {@code wire} (to write its JSON); knows nothing of Netty, MQTT, HTTP or the store.
 */
package io.hazardgate.alarm;
