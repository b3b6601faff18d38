/**
 * Inbound PUBLISH (handed to the seam through which the wiring feeds ingest, acknowledged in order)
 * and the acknowledgement flow of outbound messages. May use the {@code mqtt} seams,
 * {@code mqtt.broker} and {@code mqtt.connection}.
 */
package io.hazardgate.mqtt.handler.publish;
