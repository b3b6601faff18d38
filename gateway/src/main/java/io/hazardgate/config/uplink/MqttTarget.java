package io.hazardgate.config.uplink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The upstream broker an MQTT bridge publishes to (QoS 1, persistent session).
 *
 * @param url         {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId    the bridge's client id; the session the broker keeps for it
 * @param topics      topic template per message kind
 * @param keepAlive   MQTT keep-alive
 * @param maxInflight messages published and not yet acknowledged at most
 * @param ca          PEM certificates to trust for {@code ssl://} besides the JDK's, or null
 * @param cert        PEM client certificate chain for mutual TLS, or null
 * @param key         PEM (PKCS#8) private key of {@code cert}, or null
 */
public record MqttTarget(String url, String clientId, Map<MessageKind, TemplateNode> topics, Duration keepAlive,
                         int maxInflight, Path ca, Path cert, Path key) {
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_INFLIGHT = 16;

    public boolean tls() { return url.startsWith("ssl://"); }
}
