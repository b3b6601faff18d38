package io.hazardgate.config;

import io.hazardgate.config.mqtt.MqttListenerSettings;
import io.hazardgate.config.mqtt.MqttServerConfig;
import io.hazardgate.config.mqtt.MqttSettings;
import io.hazardgate.config.mqtt.MqttUserSettings;
import io.hazardgate.config.mqtt.PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates the {@code mqtt} block of {@code gateway.yaml}: the shorthand {@code {host, port}}
 * or {@code listeners}, anonymous access, users, the access model and limits. Every error names the
 * file, the field and the reason.
 */
final class MqttSettingsLoader {
    /** Record component of {@link MqttServerConfig} → its key under {@code mqtt.limits}. */
    private static final Map<String, String> LIMIT_KEYS = Map.ofEntries(
            Map.entry("maxPacketSizeBytes", "maxPacketSize"),
            Map.entry("maxConnectionsPerSecondPerIp", "maxConnectionsPerSecondPerIp"),
            Map.entry("maxQueuedMessages", "maxQueuedMessages"),
            Map.entry("maxQueuedBytes", "maxQueuedBytes"),
            Map.entry("maxInflightOutbound", "maxInflight"),
            Map.entry("maxInflightInbound", "receiveMaximum"),
            Map.entry("topicAliasMaximum", "topicAliasMaximum"),
            Map.entry("maxRetainedMessages", "maxRetainedMessages"),
            Map.entry("maxRetainedBytes", "maxRetainedBytes"),
            Map.entry("maxKeepAliveSeconds", "maxKeepAlive"),
            Map.entry("maxSessionExpiry", "maxSessionExpiry"),
            Map.entry("maxQueuedBytesTotal", "maxQueuedBytesTotal"),
            Map.entry("maxPartialPacketBytes", "maxPartialPacketBytes"),
            Map.entry("connectTimeout", "connectTimeout"),
            Map.entry("failedLoginDelay", "failedLoginDelay"),
            Map.entry("failedLoginMaxDelay", "failedLoginMaxDelay"));
    private static final Set<String> TYPES = Set.of(MqttListenerSettings.TCP, MqttListenerSettings.TLS,
            MqttListenerSettings.WS, MqttListenerSettings.WSS);

    private MqttSettingsLoader() {}

    /** @param configDir directory of the config file, against which certificate paths resolve */
    static MqttSettings load(ConfigNode n, Path configDir) {
        if (n.isMissing()) {
            return MqttSettings.tcp(ConfigLoader.DEFAULT_HOST, ConfigLoader.DEFAULT_MQTT_PORT);
        }
        n.requireObject();
        n.rejectUnknown(Set.of("host", "port", "listeners", "allowAnonymous", "allowAnonymousOnNetwork", "users",
                "acl", "denySubscribe", "outboundTopicAliases", "limits"));
        List<MqttListenerSettings> listeners = new ArrayList<>();
        if (n.has("listeners")) {
            if (n.has("host") || n.has("port")) {
                throw n.get("listeners").error("give either host/port (one TCP listener) or listeners, not both");
            }
            for (ConfigNode l : n.get("listeners").elements()) {
                listeners.add(listener(l, configDir));
            }
            if (listeners.isEmpty()) {
                throw n.get("listeners").error("must name at least one listener");
            }
        } else {
            listeners.add(MqttListenerSettings.tcp(n.get("host").string(ConfigLoader.DEFAULT_HOST),
                    n.get("port").integer(ConfigLoader.DEFAULT_MQTT_PORT, 0, 65535)));
        }
        boolean anonymous = n.get("allowAnonymous").bool(true);
        boolean onNetwork = n.get("allowAnonymousOnNetwork").bool(false);
        String acl = n.get("acl").string(MqttSettings.ACL_ROLES);
        if (!acl.equals(MqttSettings.ACL_ROLES) && !acl.equals(MqttSettings.ACL_OPEN)) {
            throw n.get("acl").error("must be roles or open, got '" + acl + "'");
        }
        List<String> denied = new ArrayList<>();
        for (ConfigNode d : n.get("denySubscribe").elements()) {
            denied.add(d.string());
        }
        if (!denied.isEmpty() && !acl.equals(MqttSettings.ACL_OPEN)) {
            throw n.get("denySubscribe").error("applies to acl: open only");
        }
        List<MqttUserSettings> users = users(n.get("users"));
        MqttSettings settings = new MqttSettings(listeners, anonymous, onNetwork, users, acl, denied,
                server(n));
        checkNetworkListeners(n, settings);
        return settings;
    }

    /** Refuses listeners that other machines can reach but nobody could log in to, or that are open to all. */
    private static void checkNetworkListeners(ConfigNode n, MqttSettings s) {
        List<ConfigNode> listenerNodes = n.get("listeners").elements();
        for (int i = 0; i < s.listeners().size(); i++) {
            MqttListenerSettings l = s.listeners().get(i);
            if (l.isLoopback()) {
                continue;
            }
            String where = l.type() + " " + l.host() + ":" + l.port();
            if (Boolean.TRUE.equals(l.allowAnonymous()) && !s.allowAnonymousOnNetwork()) {
                throw listenerNodes.get(i).get("allowAnonymous").error("listener " + where
                        + " is not on loopback: anonymous access there needs mqtt.allowAnonymousOnNetwork: true");
            }
            if (!s.anonymousOn(l) && s.users().isEmpty()) {
                throw n.get("allowAnonymousOnNetwork").error("listener " + where + " is not on loopback, so "
                        + "clients must log in there, but no users are configured: add mqtt.users (see "
                        + "'hazardgate hash-password'), bind to 127.0.0.1, or set allowAnonymousOnNetwork: true "
                        + "to accept anonymous clients from the network");
            }
        }
    }

    private static MqttListenerSettings listener(ConfigNode l, Path configDir) {
        l.requireObject();
        String type = l.get("type").string();
        if (!TYPES.contains(type)) {
            throw l.get("type").error("must be tcp, tls, ws or wss, got '" + type + "'");
        }
        boolean tls = type.equals(MqttListenerSettings.TLS) || type.equals(MqttListenerSettings.WSS);
        boolean ws = type.equals(MqttListenerSettings.WS) || type.equals(MqttListenerSettings.WSS);
        Set<String> known = new HashSet<>(Set.of("type", "host", "port", "allowAnonymous"));
        if (ws) {
            known.add("path");
            known.add("allowedOrigins");
        }
        if (tls) {
            known.addAll(Set.of("cert", "key", "clientCa", "requireClientCert", "identityField"));
        }
        l.rejectUnknown(known);
        String host = l.get("host").string(ConfigLoader.DEFAULT_HOST);
        int port = l.get("port").integer(-1, 0, 65535);
        if (port < 0) {
            throw l.get("port").error("is required");
        }
        String path = null;
        if (ws) {
            path = l.get("path").string(MqttListenerSettings.DEFAULT_WS_PATH);
            if (!path.startsWith("/")) {
                throw l.get("path").error("must start with '/', got '" + path + "'");
            }
        }
        Path cert = null;
        Path key = null;
        Path clientCa = null;
        boolean requireClientCert = false;
        String identityField = null;
        if (tls) {
            cert = readableFile(l.get("cert"), configDir);
            key = readableFile(l.get("key"), configDir);
            clientCa = l.has("clientCa") ? readableFile(l.get("clientCa"), configDir) : null;
            requireClientCert = l.get("requireClientCert").bool(false);
            if (requireClientCert && clientCa == null) {
                throw l.get("requireClientCert").error("needs clientCa, the CA client certificates are checked against");
            }
            identityField = l.get("identityField").string(MqttListenerSettings.DEFAULT_IDENTITY_FIELD);
        }
        Boolean anonymous = l.has("allowAnonymous") ? l.get("allowAnonymous").bool(false) : null;
        List<String> origins = new ArrayList<>();
        for (ConfigNode o : l.get("allowedOrigins").elements()) {
            String origin = o.string();
            // an origin is scheme://host[:port], exactly as a browser sends it: no path, no trailing slash
            if (!origin.matches("https?://[^/\\s]+")) {
                throw o.error("must be an origin such as https://scada.plant.example or http://10.0.0.5:8080, got '"
                        + origin + "'");
            }
            origins.add(origin);
        }
        return new MqttListenerSettings(type, host, port, path, cert, key, clientCa, requireClientCert,
                identityField, anonymous, origins);
    }

    private static Path readableFile(ConfigNode n, Path configDir) {
        Path p = Path.of(n.string());
        if (!p.isAbsolute() && configDir != null) {
            p = configDir.resolve(p).normalize();
        }
        if (!Files.isRegularFile(p)) {
            throw n.error("file " + p + " not found");
        }
        if (!Files.isReadable(p)) {
            throw n.error("file " + p + " cannot be read");
        }
        return p;
    }

    /** Once the sites are loaded: device and consumer users must name configured sites. */
    static void checkSites(ConfigNode n, MqttSettings settings, Set<String> siteIds) {
        List<ConfigNode> nodes = n.get("users").elements();
        for (int i = 0; i < settings.users().size(); i++) {
            MqttUserSettings u = settings.users().get(i);
            if (u.site() != null && !siteIds.contains(u.site())) {
                throw nodes.get(i).get("site").error("site '" + u.site() + "' is not configured");
            }
            List<ConfigNode> siteNodes = nodes.get(i).get("sites").elements();
            for (int j = 0; j < u.sites().size(); j++) {
                String site = u.sites().get(j);
                if (!site.equals("*") && !siteIds.contains(site)) {
                    throw siteNodes.get(j).error("site '" + site + "' is not configured");
                }
            }
        }
    }

    private static List<MqttUserSettings> users(ConfigNode list) {
        List<MqttUserSettings> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode u : list.elements()) {
            u.requireObject();
            u.rejectUnknown(Set.of("name", "passwordHash", "role", "site", "device", "sites"));
            String name = u.get("name").string();
            if (!names.add(name)) {
                throw u.get("name").error("user '" + name + "' is configured twice");
            }
            PasswordHash hash = null;
            if (u.has("passwordHash")) {
                try {
                    hash = PasswordHash.parse(u.get("passwordHash").string());
                } catch (IllegalArgumentException e) {
                    throw u.get("passwordHash").error(e.getMessage());
                }
            }
            String role = u.get("role").string();
            String site = null;
            String device = null;
            List<String> sites = List.of();
            switch (role) {
                case MqttUserSettings.DEVICE -> {
                    u.rejectUnknown(Set.of("name", "passwordHash", "role", "site", "device"));
                    site = u.get("site").identifier();
                    device = u.get("device").identifier();
                }
                case MqttUserSettings.CONSUMER, MqttUserSettings.OPERATOR -> {
                    u.rejectUnknown(Set.of("name", "passwordHash", "role", "sites"));
                    sites = consumerSites(u.get("sites"));
                }
                case MqttUserSettings.ADMIN -> u.rejectUnknown(Set.of("name", "passwordHash", "role"));
                default -> throw u.get("role").error("must be device, consumer, operator or admin, got '" + role + "'");
            }
            users.add(new MqttUserSettings(name, hash, role, site, device, sites));
        }
        return users;
    }

    private static List<String> consumerSites(ConfigNode n) {
        List<String> sites = new ArrayList<>();
        for (ConfigNode s : n.elements()) {
            sites.add(s.string().equals("*") ? "*" : s.identifier());
        }
        if (sites.isEmpty()) {
            throw n.error("must list at least one site (or '*' for all)");
        }
        return sites;
    }

    /**
     * The server's limits from {@code mqtt.limits}: this reads the values, {@link MqttServerConfig} checks
     * their ranges and keeps the defaults of the keys not given.
     */
    private static MqttServerConfig server(ConfigNode mqtt) {
        MqttServerConfig.Builder b = MqttServerConfig.defaults().toBuilder()
                .outboundTopicAliases(mqtt.get("outboundTopicAliases").bool(false));
        ConfigNode n = mqtt.get("limits");
        if (!n.isMissing()) {
            n.requireObject();
            n.rejectUnknown(new HashSet<>(LIMIT_KEYS.values()));
            MqttServerConfig d = MqttServerConfig.defaults();
            b.maxPacketSizeBytes(intSize(n.get("maxPacketSize"), d.maxPacketSizeBytes()))
                    .maxConnectionsPerSecondPerIp(integer(n.get("maxConnectionsPerSecondPerIp"), d.maxConnectionsPerSecondPerIp()))
                    .maxQueuedMessages(integer(n.get("maxQueuedMessages"), d.maxQueuedMessages()))
                    .maxQueuedBytes(n.get("maxQueuedBytes").size(d.maxQueuedBytes()))
                    .maxInflightOutbound(integer(n.get("maxInflight"), d.maxInflightOutbound()))
                    .maxInflightInbound(integer(n.get("receiveMaximum"), d.maxInflightInbound()))
                    .topicAliasMaximum(integer(n.get("topicAliasMaximum"), d.topicAliasMaximum()))
                    .maxRetainedMessages(integer(n.get("maxRetainedMessages"), d.maxRetainedMessages()))
                    .maxRetainedBytes(n.get("maxRetainedBytes").size(d.maxRetainedBytes()))
                    .maxKeepAliveSeconds(integer(n.get("maxKeepAlive"), d.maxKeepAliveSeconds()))
                    .maxSessionExpiry(n.get("maxSessionExpiry").duration(d.maxSessionExpiry()))
                    .maxQueuedBytesTotal(n.get("maxQueuedBytesTotal").size(d.maxQueuedBytesTotal()))
                    .maxPartialPacketBytes(n.get("maxPartialPacketBytes").size(d.maxPartialPacketBytes()))
                    .connectTimeout(n.get("connectTimeout").duration(d.connectTimeout()))
                    .failedLoginDelay(n.get("failedLoginDelay").duration(d.failedLoginDelay()),
                            n.get("failedLoginMaxDelay").duration(d.failedLoginMaxDelay()));
        }
        try {
            return b.build();
        } catch (MqttServerConfig.OutOfRange e) {
            String key = LIMIT_KEYS.get(e.component());
            throw key == null ? mqtt.error(e.getMessage()) : n.get(key).error(e.reason());
        }
    }

    /** An integer of any value: its range is the server config's to check. */
    private static int integer(ConfigNode n, int dflt) {
        return n.integer(dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static int intSize(ConfigNode n, int dflt) {
        long v = n.size(dflt);
        if (v > Integer.MAX_VALUE) {
            throw n.error("is too large: " + v + " bytes");
        }
        return (int) v;
    }
}
