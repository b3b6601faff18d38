package io.hazardgate.simulator.mqtt;

import java.util.Set;

/**
 * How to reach a broker: its URL ({@code tcp://host:1883}, or {@code ssl://host:8883} using the JVM's
 * trust store, {@code javax.net.ssl.trustStore}), and optional credentials.
 *
 * @param username {@code null} for none
 * @param password {@code null} for none
 */
public record BrokerSettings(String url, String username, String password) {
    private static final Set<String> SCHEMES = Set.of("tcp://", "ssl://", "ws://", "wss://");

    public BrokerSettings {
        if (url == null || SCHEMES.stream().noneMatch(url::startsWith)) {
            throw new IllegalArgumentException("broker URL must start with tcp://, ssl://, ws:// or wss://, got '" + url + "'");
        }
    }
}
