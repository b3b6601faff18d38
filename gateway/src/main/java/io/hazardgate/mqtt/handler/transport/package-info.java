/**
 * What sits in front of MQTT on a connection: the TLS context of a listener, the WebSocket framing
 * (binary frames to and from the MQTT byte stream, 404 for other HTTP requests, 403 for pages of an
 * origin not listed) and the guard that holds unfinished packets to their budget. May use the
 * {@code mqtt} seams, {@code mqtt.connection} and the dispatcher of {@code mqtt.handler}.
 */
package io.hazardgate.mqtt.handler.transport;
