/**
 * OPC UA client: for each device with an {@code opcua} block in its site file the gateway keeps a session
 * with its server (Eclipse Milo) and one subscription over the configured nodes, with each node's
 * sampling interval and absolute deadband. Each publish becomes one record through
 * {@link io.hazardgate.ingest.ReadingIntake}; a node's status code is the reading's quality (Bad: a
 * fault, never a value). A lost session is a device fault (no-data for its points at once); the client
 * reconnects, and a subscription the new session cannot take over is created again. The channel has
 * exactly the device's security policy and mode (signed and encrypted by default), with the gateway's
 * own certificate ({@link io.hazardgate.southbound.opcua.ApplicationCertificate}) and only server
 * certificates trusted explicitly ({@link io.hazardgate.southbound.opcua.ServerTrust}). May use
 * {@code ingest}, {@code record} and {@code config}.
 */
package io.hazardgate.southbound.opcua;
