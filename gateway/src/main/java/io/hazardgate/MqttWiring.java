package io.hazardgate;

import io.hazardgate.config.mqtt.MqttListenerSettings;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.mqtt.MqttUserSettings;
import io.hazardgate.mqtt.MqttListener;
import io.hazardgate.mqtt.auth.AccessPolicy;
import io.hazardgate.mqtt.auth.OpenAccessPolicy;
import io.hazardgate.mqtt.auth.Principal;
import io.hazardgate.mqtt.auth.RoleAccessPolicy;
import io.hazardgate.mqtt.auth.User;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the {@code mqtt} block of the config into the MQTT server's listeners and security (its limits
 * the config already holds as {@link io.hazardgate.config.mqtt.MqttServerConfig}).
 */
final class MqttWiring {
    private MqttWiring() {}

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
