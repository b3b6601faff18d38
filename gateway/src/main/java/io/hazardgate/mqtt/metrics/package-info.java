/** The MQTT server's meters and the reasons a message is dropped. Uses nothing else of the gateway. */
package io.hazardgate.mqtt.metrics;
