/**
 * Alarm rules as the engine runs them, built once from a sensor's configuration and shared by sensors
 * that configure the same: {@link io.hazardgate.alarm.rules.RuleSpec},
 * {@link io.hazardgate.alarm.rules.RuleSpecs}, {@link io.hazardgate.alarm.rules.ThresholdRule}, and the
 * causes of a no-data alarm. May use {@code record} and {@code config}.
 */
package io.hazardgate.alarm.rules;
