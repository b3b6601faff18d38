package io.hazardgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hazardgate.config.uplink.AlarmFilter;
import io.hazardgate.config.uplink.HttpTarget;
import io.hazardgate.config.uplink.MessageKind;
import io.hazardgate.config.uplink.MqttTarget;
import io.hazardgate.config.uplink.RealtimePolicy;
import io.hazardgate.config.uplink.TemplateNode;
import io.hazardgate.config.uplink.Templates;
import io.hazardgate.config.uplink.UplinkKeys;
import io.hazardgate.config.uplink.UplinkSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code uplinks} list of {@code gateway.yaml}: for each platform its transport (HTTP or MQTT),
 * what it is sent, its templates (inline, from a file, or the built-in ones) and its key file. Every error
 * names the file, the field and the reason; a key's value never appears in one.
 */
final class UplinkLoader {
    /** The built-in templates, on the class path. */
    static final String DEFAULT_TEMPLATES = "/io/hazardgate/config/uplink-templates.yaml";
    private static final Set<String> KEY_FILE_KEYS = Set.of("appKey", "secret", "sm4Key", "username", "password");

    private UplinkLoader() {}

    static List<UplinkSettings> load(ConfigNode list, Path configFile, Set<String> siteIds) {
        List<UplinkSettings> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode n : list.elements()) {
            UplinkSettings u = uplink(n, configFile, siteIds);
            if (!names.add(u.name())) throw n.get("name").error("uplink '" + u.name() + "' is configured twice");
            out.add(u);
        }
        return List.copyOf(out);
    }

    private static UplinkSettings uplink(ConfigNode n, Path configFile, Set<String> siteIds) {
        n.requireObject();
        n.rejectUnknown(Set.of("name", "kind", "sites", "start", "requireCodes", "realtime", "alarms", "statistics",
                "backfillAfter", "retry", "pauseRetry", "zone", "http", "mqtt", "keyFile", "encryption", "templates",
                "allowPlaintext"));
        String name = n.get("name").identifier();
        String kind = n.get("kind").oneOf(List.of(UplinkSettings.HTTP, UplinkSettings.MQTT), null);
        if (kind == null) throw n.get("kind").error("is required: http or mqtt");
        List<String> sites = new ArrayList<>();
        for (ConfigNode s : n.get("sites").elements()) {
            String id = s.identifier();
            if (!siteIds.contains(id)) throw s.error("unknown site '" + id + "' (configured: " + String.join(", ", siteIds) + ")");
            sites.add(id);
        }
        boolean oldest = n.get("start").oneOf(List.of("end", "oldest"), "end").equals("oldest");
        ZoneId zone = UplinkSettings.DEFAULT_ZONE;
        if (n.has("zone")) {
            try {
                zone = ZoneId.of(n.get("zone").string());
            } catch (DateTimeException e) {
                throw n.get("zone").error("is not a time zone such as Asia/Shanghai: " + e.getMessage());
            }
        }
        Duration retryInitial = UplinkSettings.DEFAULT_RETRY_INITIAL;
        Duration retryMax = UplinkSettings.DEFAULT_RETRY_MAX;
        ConfigNode retry = n.get("retry");
        if (!retry.isMissing()) {
            retry.requireObject();
            retry.rejectUnknown(Set.of("initial", "max"));
            retryInitial = positive(retry.get("initial"), retryInitial);
            retryMax = positive(retry.get("max"), retryMax);
            if (retryMax.compareTo(retryInitial) < 0) throw retry.get("max").error("must not be shorter than retry.initial");
        }
        Path configDir = configFile.toAbsolutePath().getParent();
        UplinkKeys keys = n.has("keyFile") ? keys(n.get("keyFile"), configDir) : UplinkKeys.NONE;
        String encryption = n.get("encryption").oneOf(List.of("none", "sm4"), "none");
        if (encryption.equals("sm4") && !keys.encrypts()) {
            throw n.get("encryption").error("sm4 needs an sm4Key in the uplink's keyFile"
                    + (keys.file() == null ? " (no keyFile is given)" : " (" + keys.file() + " has none)"));
        }
        if (!encryption.equals("sm4") && keys.encrypts()) {
            throw n.get("encryption").error("must be sm4 when the keyFile holds an sm4Key (a key given and not used is a mistake)");
        }
        Templates templates = templates(n.get("templates"), configDir);
        boolean plaintext = n.get("allowPlaintext").bool(false);

        HttpTarget http = null;
        MqttTarget mqtt = null;
        if (kind.equals(UplinkSettings.HTTP)) {
            if (n.has("mqtt")) throw n.get("mqtt").error("applies to kind mqtt; this uplink is http");
            http = http(n.get("http"), configDir, templates, plaintext);
        } else {
            if (n.has("http")) throw n.get("http").error("applies to kind http; this uplink is mqtt");
            mqtt = mqtt(n.get("mqtt"), configDir, templates, plaintext, name);
            if (keys.signs() || !keys.appKey().isEmpty()) {
                throw n.get("keyFile").error("appKey and secret sign HTTP requests; an MQTT bridge logs in with username and password");
            }
        }
        ConfigNode stats = n.get("statistics");
        Duration statsEvery = null;
        if (!stats.isMissing() && !(stats.isText() && stats.string().equals("daily"))) {
            statsEvery = positive(stats, null);
        }
        boolean sendStats = templates.body(MessageKind.STATISTICS) != null
                && (http == null || http.paths().containsKey(MessageKind.STATISTICS))
                && (mqtt == null || mqtt.topics().containsKey(MessageKind.STATISTICS));
        if (!stats.isMissing() && !sendStats) {
            throw stats.error("the uplink has no statistics template and " + (http != null ? "path" : "topic"));
        }
        return new UplinkSettings(name, sites, oldest, n.get("requireCodes").bool(true), realtime(n.get("realtime")),
                alarms(n.get("alarms")), sendStats, statsEvery,
                positive(n.get("backfillAfter"), UplinkSettings.DEFAULT_BACKFILL_AFTER), retryInitial, retryMax,
                positive(n.get("pauseRetry"), UplinkSettings.DEFAULT_PAUSE_RETRY), zone, http, mqtt, keys, templates);
    }

    private static Duration positive(ConfigNode n, Duration dflt) {
        if (n.isMissing()) return dflt;
        Duration d = n.duration();
        if (d.isZero() || d.isNegative()) throw n.error("must be longer than 0");
        return d;
    }

    private static RealtimePolicy realtime(ConfigNode n) {
        if (n.isMissing()) return RealtimePolicy.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("mode", "interval", "deadband", "heartbeat", "maxReadings", "linger"));
        String mode = n.get("mode").oneOf(List.of("interval", "change", "all"), "interval");
        RealtimePolicy.Mode m = RealtimePolicy.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        if (m != RealtimePolicy.Mode.INTERVAL && n.has("interval")) throw n.get("interval").error("applies to mode interval");
        if (m != RealtimePolicy.Mode.CHANGE && (n.has("deadband") || n.has("heartbeat"))) {
            throw n.get(n.has("deadband") ? "deadband" : "heartbeat").error("applies to mode change");
        }
        if (m == RealtimePolicy.Mode.INTERVAL && n.has("linger")) {
            throw n.get("linger").error("applies to modes change and all; in mode interval a message goes every interval");
        }
        double deadband = n.get("deadband").number(0);
        if (deadband < 0) throw n.get("deadband").error("must not be negative");
        return new RealtimePolicy(m, positive(n.get("interval"), RealtimePolicy.DEFAULT_INTERVAL), deadband,
                positive(n.get("heartbeat"), RealtimePolicy.DEFAULT_HEARTBEAT),
                n.get("maxReadings").integer(RealtimePolicy.DEFAULT_MAX_READINGS, 1, 100_000),
                positive(n.get("linger"), RealtimePolicy.DEFAULT_LINGER));
    }

    private static AlarmFilter alarms(ConfigNode n) {
        if (n.isMissing()) return AlarmFilter.DEFAULTS;
        n.requireObject();
        n.rejectUnknown(Set.of("states", "kinds"));
        Set<String> states = n.has("states") ? oneOfEach(n.get("states"), List.of("raised", "escalated", "deescalated",
                "cleared", "acknowledged", "flapping", "settled", "ack_overdue")) : AlarmFilter.DEFAULT_STATES;
        Set<String> kinds = n.has("kinds") ? oneOfEach(n.get("kinds"), List.of("threshold", "trend", "no_data", "fault"))
                : AlarmFilter.DEFAULT_KINDS;
        return new AlarmFilter(states, kinds);
    }

    private static Set<String> oneOfEach(ConfigNode list, List<String> allowed) {
        Set<String> out = new HashSet<>();
        for (ConfigNode e : list.elements()) out.add(e.oneOf(allowed, null));
        return out;
    }

    private static Templates templates(ConfigNode n, Path configDir) {
        if (n.isMissing()) return builtInTemplates();
        if (n.isText()) {
            Path file = configDir.resolve(n.string()).normalize();
            return TemplateLoader.load(ConfigLoader.read(file));
        }
        return TemplateLoader.load(n);
    }

    /** The built-in templates: the shape most provincial access specifications share, in our names. */
    static Templates builtInTemplates() {
        try (InputStream in = UplinkLoader.class.getResourceAsStream(DEFAULT_TEMPLATES)) {
            if (in == null) throw new IllegalStateException(DEFAULT_TEMPLATES + " is missing from the class path");
            JsonNode node = ConfigLoader.yaml().readTree(in);
            return TemplateLoader.load(ConfigNode.root("built-in uplink templates", node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in uplink templates", e);
        }
    }

    private static HttpTarget http(ConfigNode n, Path configDir, Templates templates, boolean plaintext) {
        n.requireObject();
        n.rejectUnknown(Set.of("url", "paths", "timeout", "signature", "headers", "trustCa", "response"));
        URI url = url(n.get("url"), List.of("http", "https"));
        if (url.getScheme().equals("http") && !plaintext && !isLoopback(url.getHost())) {
            throw n.get("url").error("is plain http to another machine: use https, or set allowPlaintext: true where "
                    + "the network itself is protected (a private line, the e-government network)");
        }
        Map<MessageKind, String> paths = new EnumMap<>(MessageKind.class);
        ConfigNode p = n.get("paths");
        p.requireObject();
        p.rejectUnknown(kindNames());
        for (MessageKind k : MessageKind.values()) {
            if (!p.has(k.wireName())) continue;
            String path = p.get(k.wireName()).string();
            if (!path.startsWith("/")) throw p.get(k.wireName()).error("must start with /, got '" + path + "'");
            if (templates.body(k) == null) throw p.get(k.wireName()).error("there is no " + k.wireName() + " template for it");
            paths.put(k, path);
        }
        if (!paths.containsKey(MessageKind.HISTORY) && paths.containsKey(MessageKind.REALTIME)) {
            paths.put(MessageKind.HISTORY, paths.get(MessageKind.REALTIME));
        }
        if (paths.isEmpty()) throw p.error("must give the path of at least one message kind");
        Map<String, String> headers = new LinkedHashMap<>(HttpTarget.DEFAULT_HEADERS);
        ConfigNode h = n.get("headers");
        if (!h.isMissing()) {
            h.requireObject();
            h.rejectUnknown(HttpTarget.DEFAULT_HEADERS.keySet());
            for (String k : HttpTarget.DEFAULT_HEADERS.keySet()) {
                if (!h.has(k)) continue;
                String v = h.get(k).string();
                if (!v.matches("[A-Za-z0-9-]+")) throw h.get(k).error("'" + v + "' is not an HTTP header name");
                headers.put(k, v);
            }
        }
        Path trust = n.has("trustCa") ? existingFile(n.get("trustCa"), configDir) : null;
        ConfigNode r = n.get("response");
        String codeField = "";
        List<String> ok = List.of();
        String messageField = "message";
        if (!r.isMissing()) {
            r.requireObject();
            r.rejectUnknown(Set.of("codeField", "ok", "messageField"));
            codeField = r.get("codeField").string("");
            List<String> okList = new ArrayList<>();
            for (ConfigNode o : r.get("ok").elements()) okList.add(o.string());
            if (!codeField.isEmpty() && okList.isEmpty()) throw r.get("ok").error("must list the codes that mean accepted");
            ok = List.copyOf(okList);
            messageField = r.get("messageField").string(messageField);
        }
        String signature = n.get("signature").oneOf(List.of(HttpTarget.HMAC_SHA256, HttpTarget.HMAC_SM3), HttpTarget.HMAC_SHA256);
        return new HttpTarget(url, Map.copyOf(paths), positive(n.get("timeout"), HttpTarget.DEFAULT_TIMEOUT), signature,
                Map.copyOf(headers), trust, codeField, ok, messageField);
    }

    private static MqttTarget mqtt(ConfigNode n, Path configDir, Templates templates, boolean plaintext, String uplink) {
        n.requireObject();
        n.rejectUnknown(Set.of("url", "clientId", "topics", "keepAlive", "maxInflight", "ca", "cert", "key"));
        URI url = url(n.get("url"), List.of("tcp", "ssl"));
        if (url.getPort() < 0) throw n.get("url").error("must give the port, such as ssl://platform.example:8883");
        if (url.getScheme().equals("tcp") && !plaintext && !isLoopback(url.getHost())) {
            throw n.get("url").error("is plain MQTT to another machine: use ssl://, or set allowPlaintext: true where "
                    + "the network itself is protected");
        }
        Map<MessageKind, TemplateNode> topics = new EnumMap<>(MessageKind.class);
        ConfigNode t = n.get("topics");
        t.requireObject();
        t.rejectUnknown(kindNames());
        for (MessageKind k : MessageKind.values()) {
            if (!t.has(k.wireName())) continue;
            if (templates.body(k) == null) throw t.get(k.wireName()).error("there is no " + k.wireName() + " template for it");
            topics.put(k, TemplateLoader.topic(t.get(k.wireName()), k));
        }
        if (!topics.containsKey(MessageKind.HISTORY) && topics.containsKey(MessageKind.REALTIME)) {
            topics.put(MessageKind.HISTORY, topics.get(MessageKind.REALTIME));
        }
        if (topics.isEmpty()) throw t.error("must give the topic of at least one message kind");
        String clientId = n.get("clientId").string("hazardgate-" + uplink);
        if (clientId.length() > 65535) throw n.get("clientId").error("is too long");
        Path ca = n.has("ca") ? existingFile(n.get("ca"), configDir) : null;
        Path cert = n.has("cert") ? existingFile(n.get("cert"), configDir) : null;
        Path key = n.has("key") ? existingFile(n.get("key"), configDir) : null;
        if ((cert == null) != (key == null)) throw n.get(cert == null ? "cert" : "key").error("cert and key go together");
        if ((ca != null || cert != null) && !url.getScheme().equals("ssl")) {
            throw n.get(ca != null ? "ca" : "cert").error("applies to ssl:// urls");
        }
        return new MqttTarget(url.getScheme() + "://" + url.getHost() + ":" + url.getPort(), clientId, Map.copyOf(topics),
                positive(n.get("keepAlive"), MqttTarget.DEFAULT_KEEP_ALIVE),
                n.get("maxInflight").integer(MqttTarget.DEFAULT_MAX_INFLIGHT, 1, 1000), ca, cert, key);
    }

    private static URI url(ConfigNode n, List<String> schemes) {
        String text = n.string();
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw n.error("is not a URL: " + e.getMessage());
        }
        if (u.getScheme() == null || !schemes.contains(u.getScheme()) || u.getHost() == null) {
            throw n.error("must be " + String.join(" or ", schemes.stream().map(s -> s + "://host...").toList()) + ", got '" + text + "'");
        }
        if (u.getUserInfo() != null) throw n.error("must not carry credentials; they belong in the keyFile");
        return u;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        try {
            return host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+]?") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<String> kindNames() {
        Set<String> s = new HashSet<>();
        for (MessageKind k : MessageKind.values()) s.add(k.wireName());
        return s;
    }

    private static Path existingFile(ConfigNode n, Path configDir) {
        Path p = configDir.resolve(n.string()).normalize();
        if (!Files.isRegularFile(p)) throw n.error("file " + p + " does not exist");
        if (!Files.isReadable(p)) throw n.error("file " + p + " cannot be read");
        return p;
    }

    /**
     * The key file: Java properties with {@code appKey}, {@code secret}, {@code sm4Key} (32 hex digits),
     * {@code username}, {@code password}. Errors name the file and the key, never a value.
     */
    static UplinkKeys keys(ConfigNode n, Path configDir) {
        Path file = existingFile(n, configDir);
        String name = file.toString();
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(name, "", "cannot be read as key=value lines: " + e.getClass().getSimpleName());
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEY_FILE_KEYS.contains(k)) {
                throw new ConfigException(name, k, "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(KEY_FILE_KEYS)) + ")");
            }
            if (p.getProperty(k).isBlank()) throw new ConfigException(name, k, "must not be empty");
        }
        byte[] sm4 = new byte[0];
        String sm4Text = p.getProperty("sm4Key");
        if (sm4Text != null) {
            String hex = sm4Text.trim();
            if (!hex.matches("[0-9a-fA-F]{32}")) {
                throw new ConfigException(name, "sm4Key", "must be 32 hex digits (a 128-bit SM4 key), got "
                        + hex.length() + " characters" + (hex.matches("[0-9a-fA-F]*") ? "" : " that are not all hex digits"));
            }
            sm4 = java.util.HexFormat.of().parseHex(hex);
        }
        String secret = p.getProperty("secret", "");
        if (!secret.isEmpty() && secret.trim().length() < 16) {
            throw new ConfigException(name, "secret", "is " + secret.trim().length() + " characters; a signing secret needs at least 16");
        }
        if (!secret.isEmpty() && p.getProperty("appKey") == null) {
            throw new ConfigException(name, "appKey", "is required beside secret: the platform finds the secret by it");
        }
        return new UplinkKeys(file, p.getProperty("appKey", "").trim(),
                secret.trim().getBytes(java.nio.charset.StandardCharsets.UTF_8), sm4,
                p.getProperty("username", "").trim(), p.getProperty("password", "").toCharArray());
    }
}
