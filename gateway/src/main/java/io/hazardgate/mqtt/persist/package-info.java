/**
 * The session store: what MQTT requires a server to keep of a persistent session (MQTT 3.1.1 §3.1.2.4,
 * MQTT 5 §4.1) and every retained message, written as records to a durable log with group commit and
 * compacted by snapshots ({@link io.hazardgate.mqtt.persist.SessionStore}), and put back into the broker
 * core after a restart. The log itself is a seam ({@link io.hazardgate.mqtt.persist.SessionLog}) the
 * wiring fills with the store's state log. May use {@code mqtt.broker}, {@code mqtt.metrics} and the
 * {@code mqtt} seams.
 */
package io.hazardgate.mqtt.persist;
