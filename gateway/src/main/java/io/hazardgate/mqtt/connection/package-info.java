/**
 * Per-connection state shared by the packet handlers: the connection itself, its ordered inbound
 * acknowledgements, and the single path by which the server closes a connection.
 */
package io.hazardgate.mqtt.connection;
