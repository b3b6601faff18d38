/**
 * Per-connection state shared by the packet handlers: the connection itself, its ordered inbound
 * acknowledgements, and the single path by which the server closes a connection. May use the
 * {@code mqtt} seams, {@code mqtt.auth}, {@code mqtt.broker} and {@code mqtt.metrics}.
 */
package io.hazardgate.mqtt.connection;
