/**
 * The handlers for each packet type, grouped by flow ({@code connect}, {@code publish},
 * {@code subscribe}) as HiveMQ CE does, and the dispatcher at the tail of the pipeline that routes each
 * packet to them. They drive the socket-free core in {@code io.hazardgate.mqtt.broker} through the
 * per-connection state in {@code io.hazardgate.mqtt.connection}; the pipeline itself is built in
 * {@code io.hazardgate.mqtt.server}. May use the {@code mqtt} seams and those packages.
 */
package io.hazardgate.mqtt.handler;
