/**
 * The REST API: sites, sensors, readings (live and from the store), alarms and their acknowledgement,
 * the platform uplinks and the regulators' statistics, with the seams the wiring implements for it
 * ({@link io.hazardgate.api.rest.AlarmAcknowledger}, {@link io.hazardgate.api.rest.OperatorAuth}). May use
 * {@code api.http}, {@code api.view}, {@code alarm.delivery}, {@code uplink}, {@code record},
 * {@code store.questdb} and {@code config}.
 */
package io.hazardgate.api.rest;
