/**
 * How each data logger reaches the gateway, beyond the gateway's own JSON over MQTT: a JSON payload
 * profile ({@link io.hazardgate.config.device.PayloadProfile}), a Modbus register map polled over TCP
 * ({@link io.hazardgate.config.device.ModbusDevice}), an HJ 212 account
 * ({@link io.hazardgate.config.device.Hj212Device}). Immutable records, validated by the loaders of
 * {@code config}; uses nothing else.
 */
package io.hazardgate.config.device;
