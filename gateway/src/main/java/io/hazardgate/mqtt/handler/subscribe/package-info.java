/**
 * SUBSCRIBE and UNSUBSCRIBE, shared subscriptions and retained delivery. May use {@code mqtt.broker}
 * and {@code mqtt.connection}.
 */
package io.hazardgate.mqtt.handler.subscribe;
