/**
 * Immutable, validated configuration: the gateway file, sites and their sensors, alarm rules and
 * presets from the standards, MQTT, log and store settings, and the watcher that notices edits. Every
 * error names the file, the field and the reason. May use nothing else of the gateway.
 */
package io.hazardgate.config;
