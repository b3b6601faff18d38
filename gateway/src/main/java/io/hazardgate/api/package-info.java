/**
 * HTTP for people and tools: {@link io.hazardgate.api.ControlRoom} assembles the control room's views,
 * the REST API, the live stream and the dashboard; {@link io.hazardgate.api.Readiness} the health and
 * readiness checks. By role below it: {@code http} (the server), {@code rest}, {@code stream},
 * {@code view}. May use those, {@code alarm.delivery}, {@code ingest} (the loggers' faults it reports),
 * {@code uplink} (its status and statistics),
 * {@code plant}, {@code record}, {@code store.questdb}, {@code config} and Netty.
 */
package io.hazardgate.api;
