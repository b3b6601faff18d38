package io.hazardgate;

import io.hazardgate.config.mqtt.MqttLimits;
import io.hazardgate.config.mqtt.MqttListenerSettings;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.mqtt.MqttUserSettings;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.MqttServerConfig;
import io.hazardgate.mqtt.auth.AccessPolicy;
import io.hazardgate.mqtt.auth.OpenAccessPolicy;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the {@code mqtt} block of the config into the MQTT server's limits, listeners and security. */
final class MqttWiring {
    private MqttWiring() {}

    static MqttServerConfig serverConfig(MqttSettings s) {
        MqttLimits l = s.limits();
        MqttServerConfig.Builder b = MqttServerConfig.defaults().toBuilder().outboundTopicAliases(s.outboundTopicAliases());
        if (l.maxPacketSize() != null) b.maxPacketSizeBytes((int) Math.min(Integer.MAX_VALUE, l.maxPacketSize()));
        if (l.maxConnectionsPerSecondPerIp() != null) b.maxConnectionsPerSecondPerIp(l.maxConnectionsPerSecondPerIp());
        if (l.maxQueuedMessages() != null) b.maxQueuedMessages(l.maxQueuedMessages());
        if (l.maxQueuedBytes() != null) b.maxQueuedBytes(l.maxQueuedBytes());
        if (l.maxInflight() != null) b.maxInflightOutbound(l.maxInflight());
        if (l.receiveMaximum() != null) b.maxInflightInbound(l.receiveMaximum());
        if (l.topicAliasMaximum() != null) b.topicAliasMaximum(l.topicAliasMaximum());
        if (l.maxRetainedMessages() != null) b.maxRetainedMessages(l.maxRetainedMessages());
        if (l.maxRetainedBytes() != null) b.maxRetainedBytes(l.maxRetainedBytes());
        if (l.maxKeepAlive() != null) b.maxKeepAliveSeconds(l.maxKeepAlive());
        if (l.maxSessionExpiry() != null) b.maxSessionExpiry(l.maxSessionExpiry());
        if (l.maxQueuedBytesTotal() != null) b.maxQueuedBytesTotal(l.maxQueuedBytesTotal());
        if (l.maxPartialPacketBytes() != null) b.maxPartialPacketBytes(l.maxPartialPacketBytes());
        if (l.connectTimeout() != null) b.connectTimeout(l.connectTimeout());
        MqttServerConfig d = MqttServerConfig.defaults();
        b.failedLoginDelay(l.failedLoginDelay() != null ? l.failedLoginDelay() : d.failedLoginDelay(),
                l.failedLoginMaxDelay() != null ? l.failedLoginMaxDelay() : d.failedLoginMaxDelay());
        return b.build();
    }

    static List<MqttListener> listeners(MqttSettings s) {
        return s.listeners().stream().map(l -> listener(l, s.anonymousOn(l))).toList();
    }

    private static MqttListener listener(MqttListenerSettings l, boolean anonymous) {
        MqttListener.TlsOptions tls = l.isTls()
                ? new MqttListener.TlsOptions(l.cert(), l.key(), l.clientCa(), l.requireClientCert(), l.identityField())
                : null;
        return new MqttListener(l.isWebSocket() ? MqttListener.Transport.WEBSOCKET : MqttListener.Transport.TCP,
                l.host(), l.port(), l.path(), tls, anonymous, l.allowedOrigins());
    }

    static List<User> users(MqttSettings s) {
        return s.users().stream().map(MqttWiring::user).toList();
    }

    private static User user(MqttUserSettings u) {
        Principal p = switch (u.role()) {
            case MqttUserSettings.DEVICE -> Principal.device(u.name(), u.site(), u.device());
            case MqttUserSettings.CONSUMER -> Principal.consumer(u.name(), new HashSet<>(u.sites()));
            case MqttUserSettings.OPERATOR -> Principal.operator(u.name(), new HashSet<>(u.sites()));
            default -> Principal.admin(u.name());
        };
        return new User(p, u.passwordHash());
    }

    static AccessPolicy accessPolicy(MqttSettings s) {
        if (s.isOpen()) {
            return new OpenAccessPolicy(new HashSet<>(s.deniedFilters()));
        }
        // a site whose loggers have accounts is spoken for by them alone, never by anonymous clients
        Set<String> sitesWithDevices = new HashSet<>();
        for (MqttUserSettings u : s.users()) {
            if (u.role().equals(MqttUserSettings.DEVICE)) sitesWithDevices.add(u.site());
        }
        return new RoleAccessPolicy(sitesWithDevices);
    }
}
