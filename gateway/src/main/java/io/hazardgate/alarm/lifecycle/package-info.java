/**
 * An alarm's life from raise to clear: delays, deadband, latching, acknowledgement, flapping and
 * escalation ({@link io.hazardgate.alarm.lifecycle.AlarmLifecycle}), the gateway's own faults
 * ({@link io.hazardgate.alarm.lifecycle.GatewayFaults}), alarm ids, the text operators
 * read, and the listener that receives every transition. May use {@code alarm.state},
 * {@code alarm.rules}, {@code record} and {@code config}.
 */
package io.hazardgate.alarm.lifecycle;
