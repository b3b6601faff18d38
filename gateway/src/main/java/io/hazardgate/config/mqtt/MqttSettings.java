package io.hazardgate.config.mqtt;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code mqtt} block of {@code gateway.yaml}: listeners, who may connect, what they may do, and
 * limits. The shorthand {@code mqtt: {host, port}} is one plain TCP listener.
 *
 * @param allowAnonymous          accept clients without credentials on loopback listeners
 * @param allowAnonymousOnNetwork also on listeners other machines can reach
 * @param acl                     {@code roles} (the gateway's access model) or {@code open} (any
 *                                client, any topic: a general-purpose broker)
 * @param deniedFilters           with {@code acl: open}, filters nobody may subscribe to
 * @param server                  the server's limits ({@code limits}, {@code outboundTopicAliases}),
 *                                range-checked, unset ones at their defaults
 */
public record MqttSettings(
        List<MqttListenerSettings> listeners,
        boolean allowAnonymous,
        boolean allowAnonymousOnNetwork,
        List<MqttUserSettings> users,
        String acl,
        List<String> deniedFilters,
        MqttServerConfig server) {

    public static final String ACL_ROLES = "roles";
    public static final String ACL_OPEN = "open";

    public MqttSettings {
        listeners = List.copyOf(listeners);
        users = List.copyOf(users);
        deniedFilters = List.copyOf(deniedFilters);
    }

    /** One plain TCP listener, anonymous on loopback, role-based access. */
    public static MqttSettings tcp(String host, int port) {
        return new MqttSettings(List.of(MqttListenerSettings.tcp(host, port)), true, false, List.of(), ACL_ROLES,
                List.of(), MqttServerConfig.defaults());
    }

    /** The listener {@code --mqtt-port} changes: the first plain TCP one, or the first of all. */
    public MqttListenerSettings primary() {
        return listeners.stream().filter(MqttListenerSettings::isPlainTcp).findFirst().orElse(listeners.get(0));
    }

    /** Host of the {@link #primary()} listener. */
    public String host() { return primary().host(); }

    /** Port of the {@link #primary()} listener. */
    public int port() { return primary().port(); }

    /** Whether anonymous clients are accepted on this listener. */
    public boolean anonymousOn(MqttListenerSettings listener) {
        boolean allowed = listener.allowAnonymous() != null ? listener.allowAnonymous() : allowAnonymous;
        return allowed && (listener.isLoopback() || allowAnonymousOnNetwork);
    }

    public boolean isOpen() { return ACL_OPEN.equals(acl); }

    public MqttSettings withPort(int port) {
        List<MqttListenerSettings> changed = new ArrayList<>(listeners);
        MqttListenerSettings p = primary();
        changed.set(changed.indexOf(p), p.withPort(port));
        return new MqttSettings(changed, allowAnonymous, allowAnonymousOnNetwork, users, acl, deniedFilters,
                server);
    }
}
