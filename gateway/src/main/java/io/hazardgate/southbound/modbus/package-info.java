/**
 * Modbus polling: each device with a {@code modbus} block in its site file is read every period over
 * Modbus TCP or RTU framed over TCP (digitalpetri modbus), its register map decoded into readings that
 * enter ingest through {@link io.hazardgate.ingest.ReadingIntake}. A timeout, an exception code or a lost
 * connection is a device fault (its points go to no-data at once), never a reading. May use
 * {@code ingest}, {@code record} and {@code config}.
 */
package io.hazardgate.southbound.modbus;
