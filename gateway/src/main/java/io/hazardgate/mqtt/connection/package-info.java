/**
 * Per-connection state shared by the packet handlers: the connection itself, its ordered inbound
 * acknowledgements, the single path by which the server closes a connection (flushing why, then
 * half-closing), and the server-wide budget for bytes of unfinished packets. May use the
 * {@code mqtt} seams, {@code mqtt.auth}, {@code mqtt.broker} and {@code mqtt.metrics}.
 */
package io.hazardgate.mqtt.connection;
