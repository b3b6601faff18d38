/**
 * The broker core, free of sockets: sessions and their bounded outbound queues, the subscription trie,
 * retained messages and the router that fans a message out to matching sessions. Everything here is
 * safe to call from any thread; the Netty side ({@code io.hazardgate.mqtt.handler}) drives it. May use
 * the {@code mqtt} seams and {@code mqtt.metrics}.
 */
package io.hazardgate.mqtt.broker;
