/**
 * Alarm rules as configured: threshold limits and their colours, trend, no-data, flatline, flapping
 * and delay rules ({@link io.hazardgate.config.rules.AlarmRules}), and the sensor types with the
 * presets the standards give them ({@link io.hazardgate.config.rules.SensorType}), the toxic gases
 * and their limits ({@link io.hazardgate.config.rules.ToxicGas}), the colour and escalation policies,
 * engineering conversions, switch checks and documented overrides of a standard. Immutable records;
 * use nothing else of the gateway.
 */
package io.hazardgate.config.rules;
