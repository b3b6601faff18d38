/**
 * The Netty pipeline of the MQTT server and the handlers for each packet type, grouped by flow
 * ({@code connect}, {@code publish}, {@code subscribe}) as HiveMQ CE does. They drive the socket-free
 * core in {@code io.hazardgate.mqtt.broker} through the per-connection state in
 * {@code io.hazardgate.mqtt.connection}.
 */
package io.hazardgate.mqtt.handler;
