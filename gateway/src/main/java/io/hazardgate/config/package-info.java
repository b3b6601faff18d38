/**
 * Immutable, validated configuration and how it is read: {@link io.hazardgate.config.ConfigLoader} and
 * the loaders of sites, rules and MQTT settings over {@link io.hazardgate.config.ConfigNode}, the
 * gateway file's model ({@link io.hazardgate.config.GatewayConfig} with its alarm, log and store
 * settings), and the watcher that notices edits. Every error names the file, the field and the reason
 * ({@link io.hazardgate.config.ConfigException}). The records it builds live below it: {@code site}
 * (sites, sensors, hazard sources, their platform codes), {@code rules} (alarm rules, escalation ladders and
 * the presets of the standards), {@code mqtt} (listeners, limits, users), {@code uplink} (supervision
 * platforms, their keys and templates) and {@code response} (people, rosters, routes, channels). May use
 * those and nothing else of the gateway.
 */
package io.hazardgate.config;
