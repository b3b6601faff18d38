/**
 * The protocols field devices already speak, beside the gateway's own JSON over MQTT: JSON payload
 * profiles ({@code southbound.json}), Modbus polling ({@code southbound.modbus}) and the HJ 212-2017
 * listener ({@code southbound.hj212}). Each turns what it receives into readings through
 * {@link io.hazardgate.ingest.ReadingIntake} or a {@link io.hazardgate.ingest.PayloadDecoder}, so every
 * path ends in the same validation, alarm engine, durable log and store, with the same refusals and
 * meters. May use {@code ingest}, {@code plant}, {@code record}, {@code config} and {@code wire}; only
 * the HJ 212 listener's server ({@code southbound.hj212.server}) uses Netty.
 */
package io.hazardgate.southbound;
