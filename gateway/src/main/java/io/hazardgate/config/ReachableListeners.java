package io.hazardgate.config;

import io.hazardgate.config.mqtt.MqttListenerSettings;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.mqtt.PasswordHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A gateway other machines can reach does not start on the demo's published password, nor without any
 * account to log in with: with the MQTT port or the HTTP API on the plant network, anyone there could
 * otherwise log in as the demo operator and acknowledge alarms, or nobody could log in at all. On
 * loopback the demo stays one command away.
 */
final class ReachableListeners {
    /**
     * Hashes of the demo password {@code hazardgate-demo} that HazardGate has shipped in
     * {@code config/gateway.yaml}. The password is in the README: these hashes protect nothing.
     */
    static final Set<String> SHIPPED_DEMO_HASHES = Set.of(
            "pbkdf2-sha256$100000$JLUwoq3U66Aq0nSvTO6vSQ$gXbab3/9XFMONuth9N/iS2Wox5b31X5vOpltw98INHQ",
            "pbkdf2-sha256$600000$AYB1el75ko/zx4h3IyXVOQ$BjtZd7g/Wh0jcV4qgLWzYKe2WOG/2Fsr/fqYmw0KV/A");

    private ReachableListeners() {}

    static void check(ConfigNode root, MqttSettings mqtt, HttpSettings http) {
        List<String> reachable = new ArrayList<>();
        for (MqttListenerSettings l : mqtt.listeners()) {
            if (!l.isLoopback()) reachable.add("MQTT " + l.type() + " listener on " + l.host() + ":" + l.port());
        }
        if (!http.isLoopback()) reachable.add("http.host " + http.host());
        if (reachable.isEmpty()) return;
        String where = String.join(", ", reachable);
        ConfigNode users = root.get("mqtt").get("users");
        if (mqtt.users().isEmpty()) {
            throw users.error("other machines can reach this gateway (" + where + ") but no users are configured: "
                    + "add users with 'hazardgate hash-password', or bind to 127.0.0.1");
        }
        List<ConfigNode> nodes = users.elements();
        for (int i = 0; i < mqtt.users().size(); i++) {
            PasswordHash hash = mqtt.users().get(i).passwordHash();
            if (hash != null && SHIPPED_DEMO_HASHES.contains(hash.toString())) {
                throw nodes.get(i).get("passwordHash").error("is the demo password's published hash, and other machines can "
                        + "reach this gateway (" + where + "): set a password of your own with 'hazardgate hash-password'");
            }
        }
    }
}
